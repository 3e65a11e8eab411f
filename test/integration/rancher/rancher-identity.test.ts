import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, IdentityError } from '../../../src/core/errors.js';
import { identityProvider } from '../../../src/core/identity.js';
import { silentLogger } from '../../../src/core/logger.js';
import {
  parseRancherIdentityConfig,
  rancherEnvExports,
  rancherIdentityProvider,
} from '../../../src/strategies/rancher-metadata/rancher-identity.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';

const HOST = '127.40.2.1';

let md: RancherMetadataEmulator;
let self: string;

beforeEach(async () => {
  md = await startEmulator(HOST);
  self = md.addService({ stack: 'prod', name: 'my-hello-service', scale: 2 })[1]!;
  md.setSelf(self);
});

afterEach(async () => {
  await md.stop();
});

function resolveWith(raw: Record<string, unknown>) {
  const config = rancherIdentityProvider.parseConfig({
    kind: 'rancher-metadata',
    url: md.url,
    ...raw,
  });
  return rancherIdentityProvider.create(config, { logger: silentLogger() }).resolve();
}

describe('rancher-metadata identity', () => {
  it("registers the 'rancher-metadata' identity kind with its variables", () => {
    const def = identityProvider('rancher-metadata');
    expect(def).toBe(rancherIdentityProvider);
    expect(def?.variables).toEqual([
      'RANCHER_IP',
      'RANCHER_SERVICE_NAME',
      'RANCHER_STACK_NAME',
      'RANCHER_CONTAINER_NAME',
    ]);
  });

  for (const apiVersion of ['latest', '2015-12-19', '2015-07-25']) {
    it(`resolves this container's IP, service, stack and name (${apiVersion})`, async () => {
      expect(await resolveWith({ apiVersion })).toEqual({
        RANCHER_IP: md.ipOf(self),
        RANCHER_SERVICE_NAME: 'my-hello-service',
        RANCHER_STACK_NAME: 'prod',
        RANCHER_CONTAINER_NAME: self,
      });
    });
  }

  it('retries until the container has its IP (boot races the network setup)', async () => {
    const ip = md.ipOf(self)!;
    md.setPrimaryIp(self, null);
    void md
      .waitForRequest((r) => r.path === 'self/container')
      .then(() => md.setPrimaryIp(self, ip));
    const vars = await resolveWith({ attempts: 3, retryDelay: 1 });
    expect(vars.RANCHER_IP).toBe(ip);
    expect(md.requests.filter((r) => r.path === 'self/container')).toHaveLength(2);
  });

  it('retries a failing server and then succeeds', async () => {
    md.injectFault({ kind: 'status', status: 502 }, { match: '/self/', times: 2 });
    const vars = await resolveWith({ attempts: 3, retryDelay: 1 });
    expect(vars.RANCHER_IP).toBe(md.ipOf(self));
  });

  it('fails with an IdentityError saying what it tried, after every attempt', async () => {
    md.injectFault({ kind: 'status', status: 500 });
    const err = await resolveWith({ attempts: 3, retryDelay: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    const e = err as IdentityError;
    expect(e.code).toBe('MUSTER_ERR_IDENTITY');
    expect(e.message).toContain(`${md.url}/latest`);
    expect(e.message).toContain('3 attempt(s)');
    expect(e.message).toContain('HTTP 500');
    expect(md.requests.filter((r) => r.path === 'self/container')).toHaveLength(3);
  });

  it('fails clearly outside Rancher (self is 404)', async () => {
    md.setSelf(undefined);
    const err = await resolveWith({ attempts: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as Error).message).toMatch(/404/);
  });

  it('fails on a hung server within its timeout per attempt', async () => {
    md.injectFault({ kind: 'hang' });
    const err = await resolveWith({ attempts: 2, timeout: 100, retryDelay: 1 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as Error).message).toMatch(/did not answer within 100 ms/);
  });

  it('fails when nothing listens', async () => {
    const url = md.url;
    await md.stop();
    const config = parseRancherIdentityConfig({ kind: 'rancher-metadata', url, attempts: 1 });
    const err = await rancherIdentityProvider
      .create(config, { logger: silentLogger() })
      .resolve()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as Error).message).toMatch(/unreachable/);
  });

  it('validates its config block, naming the key', () => {
    expect(parseRancherIdentityConfig({ kind: 'rancher-metadata' })).toEqual({
      kind: 'rancher-metadata',
      url: 'http://rancher-metadata',
      apiVersion: 'latest',
      timeout: 2000,
      attempts: 5,
      retryDelay: 250,
    });
    const bad: [Record<string, unknown>, string][] = [
      [{ kind: 'rancher-metadata', attempts: 0 }, 'attempts'],
      [{ kind: 'rancher-metadata', timeout: 'soon' }, 'timeout'],
      [{ kind: 'rancher-metadata', url: 'ftp://x' }, 'url'],
      [{ kind: 'rancher-metadata', apiVersion: '2016-01-01' }, 'apiVersion'],
      [{ kind: 'rancher-metadata', urll: 'http://x' }, 'urll'],
    ];
    for (const [raw, path] of bad) {
      const err = (() => {
        try {
          parseRancherIdentityConfig(raw);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).path).toBe(path);
    }
  });
});

describe('rancherEnvExports', () => {
  it('prints shell-quoted export lines', async () => {
    const out = await rancherEnvExports({ url: md.url });
    expect(out).toBe(
      [
        `export RANCHER_IP='${md.ipOf(self)}'`,
        "export RANCHER_SERVICE_NAME='my-hello-service'",
        "export RANCHER_STACK_NAME='prod'",
        `export RANCHER_CONTAINER_NAME='${self}'`,
        '',
      ].join('\n'),
    );
  });

  it('quotes values with quotes and shell metacharacters', async () => {
    md.patchContainer(self, { name: "it's $(rm -rf /)" });
    const out = await rancherEnvExports({ url: md.url });
    expect(out).toContain(`export RANCHER_CONTAINER_NAME='it'\\''s $(rm -rf /)'`);
  });

  it('rejects with an IdentityError when the metadata is unavailable', async () => {
    md.injectFault({ kind: 'status', status: 503 });
    await expect(
      rancherEnvExports({ url: md.url, attempts: 2, retryDelay: 1 }),
    ).rejects.toBeInstanceOf(IdentityError);
  });
});
