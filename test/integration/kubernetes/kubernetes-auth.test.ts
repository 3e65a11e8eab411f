import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubernetesForbiddenError } from '../../../src/strategies/kubernetes/kubernetes-errors.js';
import type { KubernetesStrategy } from '../../../src/strategies/kubernetes/kubernetes-strategy.js';
import {
  KubernetesApiEmulator,
  type KubernetesRequestInfo,
} from '../../../src/testing/kubernetes-api-emulator.js';
import { TOKEN, useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, recordEvents, sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.4.1';
const k8s = useKubernetesWorld(HOST, (world) => {
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [{ address: '10.1.0.5' }, { address: '10.1.0.6' }],
  });
});

const isWatch = (r: KubernetesRequestInfo) => r.verb === 'watch';
const WANTED = ['hello@10.1.0.5', 'hello@10.1.0.6'];

async function started(raw: Record<string, unknown> = {}): Promise<KubernetesStrategy> {
  const strategy = k8s.strategy({ service: 'hello', ...raw });
  const watching = k8s.world.api.waitForRequest(isWatch);
  await strategy.start();
  await strategy.ready;
  if (raw.watch !== false) await watching;
  return strategy;
}

describe('the service-account token', () => {
  it('is re-read when the kubelet rotates it: the old one expires, the new one is used', async () => {
    const s = await started();
    const log = recordEvents(s);
    expect(k8s.world.api.requests.every((r) => r.token === TOKEN)).toBe(true);
    // The kubelet writes a fresh projected token; the API server stops taking the old one.
    k8s.world.api.addToken('muster-test-token-1');
    k8s.world.writeToken('muster-test-token-1\n');
    k8s.world.api.removeToken(TOKEN);
    const rewatch = k8s.world.api.waitForRequest(isWatch);
    k8s.world.api.endWatches();
    expect((await rewatch).token).toBe('muster-test-token-1');
    await s.pollNow();
    expect(log.errors).toEqual([]);
    expect(sortedNames(s.known())).toEqual(WANTED);
  });

  it('a 401 keeps membership, is reported, and heals once a valid token is written', async () => {
    const s = await started({ watch: false, pollingInterval: 60_000 });
    const log = recordEvents(s);
    k8s.world.api.removeToken(TOKEN);
    await s.pollNow();
    expect(log.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_KUBERNETES_UNAUTHORIZED']);
    expect(log.errors[0]!.message).toContain(k8s.world.tokenPath);
    expect(sortedNames(s.known())).toEqual(WANTED);
    k8s.world.api.addToken('fresh');
    k8s.world.writeToken('fresh');
    await s.pollNow();
    expect(log.errors).toHaveLength(1);
    expect(log.diffs).toEqual([]);
  });
});

describe('403 Forbidden', () => {
  it('keeps membership and names the missing permission (list endpointslices in namespace prod)', async () => {
    const s = await started({ watch: false, pollingInterval: 60_000 });
    const log = recordEvents(s);
    k8s.world.api.addToken(TOKEN, { rules: [{ verbs: ['list'], resources: ['pods'] }] });
    await s.pollNow();
    expect(log.diffs).toEqual([]);
    expect(sortedNames(s.known())).toEqual(WANTED);
    const err = log.errors[0] as KubernetesForbiddenError;
    expect(err.code).toBe('MUSTER_ERR_KUBERNETES_FORBIDDEN');
    expect(err.access).toEqual({
      verb: 'list',
      resource: 'endpointslices',
      group: 'discovery.k8s.io',
      namespace: 'prod',
    });
    expect(err.message).toContain('list endpointslices.discovery.k8s.io in namespace prod');
    expect(err.message).toContain('system:serviceaccount:default:muster');
  });

  it('names pods in the core group for source pods', async () => {
    k8s.world.api.addToken(TOKEN, { rules: [{ verbs: '*', resources: ['endpointslices'] }] });
    const strategy = k8s.strategy({ source: 'pods', selector: 'app=hello' });
    const failed = nextEvent(strategy, 'error');
    await strategy.start();
    const err = (await failed) as KubernetesForbiddenError;
    expect(err.access).toEqual({ verb: 'list', resource: 'pods', group: '', namespace: 'prod' });
    expect(err.message).toContain('list pods in namespace prod');
  });
});

describe('TLS', () => {
  it('verifies the server against ca.crt and never falls back to an unverified connection', async () => {
    writeFileSync(k8s.world.caPath, k8s.world.certs.rogueCert);
    const strategy = k8s.strategy({ service: 'hello', pollingInterval: 20 });
    const log = recordEvents(strategy);
    const failed = nextEvent(strategy, 'error');
    await strategy.start();
    expect((await failed).code).toBe('MUSTER_ERR_KUBERNETES_TLS');
    const again = nextEvent(strategy, 'error');
    expect((await again).code).toBe('MUSTER_ERR_KUBERNETES_TLS');
    // No HTTP request ever reached the server: the token was never sent to it.
    expect(k8s.world.api.requests).toEqual([]);
    expect(log.diffs).toEqual([]);
  });

  it('reports a missing CA file as a credentials error, not as an insecure connection', async () => {
    const strategy = k8s.strategy({ service: 'hello', caPath: join(k8s.world.dir, 'none.crt') });
    const failed = nextEvent(strategy, 'error');
    await strategy.start();
    const err = await failed;
    expect(err.code).toBe('MUSTER_ERR_KUBERNETES_CREDENTIALS');
    expect(err.message).toContain('none.crt');
    expect(k8s.world.api.requests).toEqual([]);
  });

  it('sends no token over an explicit http:// apiServer', async () => {
    const plain = new KubernetesApiEmulator({ host: HOST });
    plain.addToken(TOKEN);
    const url = await plain.start();
    const strategy = k8s.strategy({ service: 'hello', apiServer: url });
    try {
      const failed = nextEvent(strategy, 'error');
      await strategy.start();
      expect((await failed).code).toBe('MUSTER_ERR_KUBERNETES_UNAUTHORIZED');
      expect(plain.requests.map((r) => r.token)).toEqual([undefined]);
    } finally {
      await strategy.stop();
      await plain.stop();
    }
  });
});

describe('server and network faults keep membership', () => {
  for (const [label, fault, code] of [
    ['a 500', { kind: 'status', status: 500 }, 'MUSTER_ERR_KUBERNETES_HTTP'],
    [
      'a 503',
      { kind: 'status', status: 503, reason: 'ServiceUnavailable' },
      'MUSTER_ERR_KUBERNETES_HTTP',
    ],
    [
      'a 429',
      { kind: 'status', status: 429, reason: 'TooManyRequests' },
      'MUSTER_ERR_KUBERNETES_HTTP',
    ],
    ['a reset connection', { kind: 'reset' }, 'MUSTER_ERR_KUBERNETES_UNREACHABLE'],
  ] as const) {
    it(`${label} on list is reported (${code}) and changes nothing`, async () => {
      const s = await started({ watch: false, pollingInterval: 60_000 });
      const log = recordEvents(s);
      const heal = k8s.world.api.injectFault(fault);
      await s.pollNow();
      expect(log.errors.map((e) => e.code)).toEqual([code]);
      expect(log.diffs).toEqual([]);
      expect(sortedNames(s.known())).toEqual(WANTED);
      heal();
      await s.pollNow();
      expect(log.errors).toHaveLength(1);
    });
  }

  it('a hung API server times out (MUSTER_ERR_KUBERNETES_TIMEOUT) and changes nothing', async () => {
    const s = await started({ watch: false, pollingInterval: 60_000, timeout: 50 });
    const log = recordEvents(s);
    k8s.world.api.injectFault({ kind: 'hang' });
    await s.pollNow();
    expect(log.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_KUBERNETES_TIMEOUT']);
    expect(sortedNames(s.known())).toEqual(WANTED);
  });

  it('an API server that is gone entirely changes nothing', async () => {
    const s = await started({ pollingInterval: 60_000 });
    const log = recordEvents(s);
    await k8s.world.api.stop();
    await s.pollNow();
    expect(log.errors.map((e) => e.code)).toContain('MUSTER_ERR_KUBERNETES_UNREACHABLE');
    expect(log.diffs).toEqual([]);
    expect(sortedNames(s.known())).toEqual(WANTED);
  });
});
