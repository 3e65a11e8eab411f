import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RancherMetadataStrategy } from '../../../src/strategies/rancher-metadata/rancher-metadata-strategy.js';
import type { RancherFault } from '../../../src/testing/rancher-emulator-faults.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import {
  namesOf,
  nextEvent,
  rancherStrategy,
  recordEvents,
  sortedNames,
  startEmulator,
} from '../../helpers/rancher-fixtures.js';

// This file's loopback address (the rancher suites own 127.40.0.0/16).
const HOST = '127.40.1.1';

let md: RancherMetadataEmulator;
let strategy: RancherMetadataStrategy | undefined;

beforeEach(async () => {
  md = await startEmulator(HOST);
});

afterEach(async () => {
  await strategy?.stop();
  strategy = undefined;
  await md.stop();
});

/** A strategy that only polls when told to (huge interval, no long poll). */
function manual(raw: Record<string, unknown> = {}): RancherMetadataStrategy {
  strategy = rancherStrategy({ url: md.url, pollingInterval: 3_600_000, longPoll: false, ...raw });
  return strategy;
}

async function started(s: RancherMetadataStrategy): Promise<RancherMetadataStrategy> {
  await s.start();
  await s.ready;
  return s;
}

describe('RancherMetadataStrategy', () => {
  it("reports the running containers of this container's own service by default", async () => {
    const names = md.addService({ stack: 'prod', name: 'hello', scale: 3 });
    md.addService({ stack: 'prod', name: 'other', scale: 2 });
    md.setSelf(names[0]);
    const s = manual();
    const log = recordEvents(s);
    await started(s);
    expect(log.diffs).toHaveLength(1);
    expect(sortedNames(log.diffs[0]!.added)).toEqual(namesOf(md, names));
    expect(sortedNames(s.known())).toEqual(namesOf(md, names));
  });

  it('follows scaling up and down', async () => {
    md.addService({ stack: 'prod', name: 'hello', scale: 2 });
    const s = await started(manual({ service: { stack: 'prod', name: 'hello' } }));
    const log = recordEvents(s);

    const up = md.scale('prod', 'hello', 5);
    await s.pollNow();
    expect(sortedNames(s.known())).toEqual(namesOf(md, up));
    expect(log.diffs).toHaveLength(1);
    expect(log.diffs[0]!.added).toHaveLength(3);

    const removedIps = namesOf(md, up.slice(1));
    const down = md.scale('prod', 'hello', 1);
    await s.pollNow();
    expect(sortedNames(s.known())).toEqual(namesOf(md, down));
    expect(sortedNames(log.diffs[1]!.removed)).toEqual(removedIps);

    // Zero containers is a real, empty answer: it removes the last node.
    md.scale('prod', 'hello', 0);
    await s.pollNow();
    expect(s.known().size).toBe(0);
    expect(log.errors).toEqual([]);
  });

  it('excludes stopped, starting and unhealthy containers, and adds them back when fine', async () => {
    const [a, b, c, d] = md.addService({
      stack: 'prod',
      name: 'hello',
      scale: 4,
      healthCheck: true,
    }) as [string, string, string, string];
    md.setState(b, 'stopped');
    md.setHealth(c, 'unhealthy');
    md.setHealth(d, 'initializing');
    const s = await started(manual({ service: { stack: 'prod', name: 'hello' } }));
    expect(sortedNames(s.known())).toEqual(namesOf(md, [a]));

    md.setState(b, 'running');
    md.setHealth(c, 'healthy');
    await s.pollNow();
    expect(sortedNames(s.known())).toEqual(namesOf(md, [a, b, c]));
  });

  it('counts containers with no health check (health_state null) as healthy', async () => {
    const names = md.addService({ stack: 'prod', name: 'hello', scale: 2, healthCheck: false });
    md.patchContainer(names[1]!, { health_state: undefined }); // absent altogether
    const s = await started(manual({ service: { stack: 'prod', name: 'hello' } }));
    expect(sortedNames(s.known())).toEqual(namesOf(md, names));
  });

  it('with requireHealthy: false counts every running container', async () => {
    const [a, b, c] = md.addService({
      stack: 'prod',
      name: 'hello',
      scale: 3,
      healthCheck: true,
    }) as [string, string, string];
    md.setHealth(b, 'unhealthy');
    md.setState(c, 'stopped');
    const s = await started(
      manual({ service: { stack: 'prod', name: 'hello' }, requireHealthy: false }),
    );
    expect(sortedNames(s.known())).toEqual(namesOf(md, [a, b]));
  });

  it("watches another stack's service, not the same-named one elsewhere", async () => {
    const self = md.addService({ stack: 'front', name: 'web', scale: 1 });
    md.setSelf(self[0]);
    const wanted = md.addService({ stack: 'back', name: 'api', scale: 2 });
    md.addService({ stack: 'other', name: 'api', scale: 3 });
    const s = await started(manual({ service: { stack: 'back', name: 'api' } }));
    expect(sortedNames(s.known())).toEqual(namesOf(md, wanted));
  });

  for (const apiVersion of ['latest', '2015-12-19', '2015-07-25'] as const) {
    it(`reads the same set with apiVersion ${apiVersion}`, async () => {
      const names = md.addService({ stack: 'prod', name: 'hello', scale: 3, healthCheck: true });
      md.setHealth(names[2]!, 'unhealthy');
      md.setSelf(names[0]);
      const s = await started(manual({ apiVersion }));
      expect(sortedNames(s.known())).toEqual(namesOf(md, names.slice(0, 2)));
      const perContainer = md.requests.filter((r) => r.path.startsWith('containers/'));
      // 2015-07-25 lists names only, so each container is read by name.
      expect(perContainer.length).toBe(apiVersion === '2015-07-25' ? 3 : 0);
      expect(md.requests.every((r) => r.json && r.apiVersion === apiVersion)).toBe(true);
    });
  }

  it('2015-07-25: a container removed between the two reads is left out quietly', async () => {
    const names = md.addService({ stack: 'prod', name: 'hello', scale: 3 });
    const s = manual({ apiVersion: '2015-07-25', service: { stack: 'prod', name: 'hello' } });
    const log = recordEvents(s);
    void md
      .waitForRequest((r) => r.path.startsWith('stacks/'))
      .then(() => md.removeContainer(names[2]!));
    await started(s);
    expect(sortedNames(s.known())).toEqual(namesOf(md, names.slice(0, 2)));
    expect(log.errors).toEqual([]);
    expect(log.warnings).toEqual([]);
  });

  it('reacts to a change at once through the long poll, without waiting for the interval', async () => {
    md.addService({ stack: 'prod', name: 'hello', scale: 2 });
    strategy = rancherStrategy({
      url: md.url,
      pollingInterval: 60_000,
      service: { stack: 'prod', name: 'hello' },
    });
    const s = strategy;
    const parked = md.waitForRequest((r) => r.longPoll);
    await started(s);
    await parked;
    const changed = nextEvent(s, 'diff');
    const now = md.scale('prod', 'hello', 3);
    const diff = await changed;
    expect(diff.added).toEqual(namesOf(md, now.slice(2)));
    expect(diff.removed).toEqual([]);
  });

  it('falls back to interval polling when long polls fail', async () => {
    md.addService({ stack: 'prod', name: 'hello', scale: 1 });
    md.injectFault({ kind: 'status', status: 503 }, { match: 'long-poll' });
    strategy = rancherStrategy({
      url: md.url,
      pollingInterval: 20,
      service: { stack: 'prod', name: 'hello' },
    });
    const s = strategy;
    const longPollFailed = md.waitForRequest((r) => r.longPoll);
    await started(s);
    await longPollFailed;
    const changed = nextEvent(s, 'diff');
    md.scale('prod', 'hello', 2);
    expect((await changed).added).toHaveLength(1);
  });

  const failures: [string, RancherFault, string, Record<string, unknown>][] = [
    ['a 5xx', { kind: 'status', status: 500 }, 'MUSTER_ERR_RANCHER_HTTP', {}],
    ['a 403', { kind: 'status', status: 403 }, 'MUSTER_ERR_RANCHER_HTTP', {}],
    ['a hang (timeout)', { kind: 'hang' }, 'MUSTER_ERR_RANCHER_TIMEOUT', { timeout: 150 }],
    ['a garbage body', { kind: 'garbage' }, 'MUSTER_ERR_RANCHER_MALFORMED', {}],
    [
      'a 50 MB body',
      { kind: 'huge', bytes: 50 * 1024 * 1024 },
      'MUSTER_ERR_RANCHER_BODY_TOO_LARGE',
      {},
    ],
    [
      'a 50 MB body with Content-Length',
      { kind: 'huge', bytes: 50 * 1024 * 1024, announceLength: true },
      'MUSTER_ERR_RANCHER_BODY_TOO_LARGE',
      {},
    ],
    ['fields of the wrong type', { kind: 'wrong-types' }, 'MUSTER_ERR_RANCHER_MALFORMED', {}],
    ['a reset connection', { kind: 'reset' }, 'MUSTER_ERR_RANCHER_UNREACHABLE', {}],
  ];
  for (const [what, fault, code, extra] of failures) {
    it(`keeps the known set on ${what} and emits ${code}`, async () => {
      const names = md.addService({ stack: 'prod', name: 'hello', scale: 3 });
      const s = await started(manual({ service: { stack: 'prod', name: 'hello' }, ...extra }));
      const log = recordEvents(s);
      const before = namesOf(md, names);
      md.injectFault(fault, { match: 'reads' });
      md.scale('prod', 'hello', 1); // the source changed, but we cannot see it
      await s.pollNow();
      expect(log.errors.map((e) => e.code)).toEqual([code]);
      expect(log.diffs).toEqual([]);
      expect(sortedNames(s.known())).toEqual(before);

      md.clearFaults();
      await s.pollNow();
      expect(sortedNames(s.known())).toEqual(namesOf(md, names.slice(0, 1)));
    });
  }

  it('fails the poll on a wrong type inside one container (not a skip)', async () => {
    const names = md.addService({ stack: 'prod', name: 'hello', scale: 2 });
    const s = await started(manual({ service: { stack: 'prod', name: 'hello' } }));
    const log = recordEvents(s);
    md.patchContainer(names[1]!, { primary_ip: 42 });
    await s.pollNow();
    expect(log.errors[0]?.code).toBe('MUSTER_ERR_RANCHER_MALFORMED');
    expect(log.errors[0]?.message).toContain('primary_ip');
    expect(sortedNames(s.known())).toEqual(namesOf(md, names));
  });

  it('fails the poll when the configured service does not exist (404), keeping the set', async () => {
    const s = manual({ service: { stack: 'prod', name: 'nope' } });
    const failed = nextEvent(s, 'error');
    await s.start();
    expect((await failed).code).toBe('MUSTER_ERR_RANCHER_NOT_FOUND');
    expect(s.known().size).toBe(0);
  });

  it('skips a container without a usable primary_ip with one warning, and counts the rest', async () => {
    const [a, b, c] = md.addService({ stack: 'prod', name: 'hello', scale: 3 }) as [
      string,
      string,
      string,
    ];
    md.patchContainer(b, { primary_ip: undefined });
    md.setPrimaryIp(c, 'not-an-ip');
    const s = manual({ service: { stack: 'prod', name: 'hello' } });
    const log = recordEvents(s);
    await started(s);
    expect(sortedNames(s.known())).toEqual(namesOf(md, [a]));
    expect(log.errors).toEqual([]);
    expect(log.warnings.map((w) => w.code)).toEqual([
      'MUSTER_ERR_RANCHER_CONTAINER_SKIPPED',
      'MUSTER_ERR_RANCHER_CONTAINER_SKIPPED',
    ]);
    expect(log.warnings.map((w) => w.message).join('\n')).toMatch(
      new RegExp(`${b}: no primary_ip`),
    );

    // The same containers in the same state do not warn again on every poll.
    await s.pollNow();
    expect(log.warnings).toHaveLength(2);

    md.setPrimaryIp(c, '10.42.9.9');
    await s.pollNow();
    expect(sortedNames(s.known())).toEqual(sortedNames([...namesOf(md, [a]), 'hello@10.42.9.9']));
  });

  it('stop() aborts a hanging poll and a parked long poll', async () => {
    md.addService({ stack: 'prod', name: 'hello', scale: 1 });
    strategy = rancherStrategy({
      url: md.url,
      pollingInterval: 60_000,
      timeout: 600_000,
      service: { stack: 'prod', name: 'hello' },
    });
    const s = strategy;
    const parked = md.waitForRequest((r) => r.longPoll);
    await started(s);
    await parked;
    md.injectFault({ kind: 'hang' }, { match: 'reads' });
    const hung = md.waitForRequest((r) => !r.longPoll);
    void s.pollNow();
    await hung;
    const log = recordEvents(s);
    await s.stop();
    strategy = undefined;
    expect(log.errors).toEqual([]);
    expect(log.diffs).toEqual([]);
  });
});
