import { describe, expect, it } from 'vitest';
import { type Clock, systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { kubernetesDefaults } from '../../../src/strategies/kubernetes/kubernetes-defaults.js';
import { KubernetesStrategy } from '../../../src/strategies/kubernetes/kubernetes-strategy.js';
import type { KubernetesRequestInfo } from '../../../src/testing/kubernetes-api-emulator.js';
import { useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, recordEvents, sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.3.1';
const k8s = useKubernetesWorld(HOST, (world) => {
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [{ address: '10.1.0.5' }],
  });
});

async function started(raw: Record<string, unknown> = {}): Promise<KubernetesStrategy> {
  const strategy = k8s.strategy({ service: 'hello', ...raw });
  const watching = k8s.world.api.waitForRequest((r) => r.verb === 'watch');
  await strategy.start();
  await strategy.ready;
  if (raw.watch !== false) await watching;
  return strategy;
}

const isList = (r: KubernetesRequestInfo) => r.verb === 'list';
const isWatch = (r: KubernetesRequestInfo) => r.verb === 'watch';
const count = (p: (r: KubernetesRequestInfo) => boolean) => k8s.world.api.requests.filter(p).length;
const slice = (...addresses: string[]) =>
  k8s.world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: addresses.map((address) => ({ address })),
  });

describe('410 Gone', () => {
  it('relists when the watch is expired by the server (ERROR event, 410)', async () => {
    const s = await started();
    const relisted = k8s.world.api.waitForRequest(isList);
    k8s.world.api.expireWatches();
    const list = await relisted;
    expect(list.query.get('limit')).toBe(String(kubernetesDefaults.pageSize));
    expect(count(isList)).toBe(2);
    expect(sortedNames(s.known())).toEqual(['hello@10.1.0.5']);
  });

  it('relists when a dropped watch resumes from a compacted resourceVersion, and catches up', async () => {
    const s = await started();
    const log = recordEvents(s);
    // The watch drops; while it is down, the slice changes and history is compacted.
    const rewatch = k8s.world.api.waitForRequest(isWatch);
    const diff = nextEvent(s, 'diff');
    k8s.world.api.injectFault({ kind: 'status', status: 503 }, { match: 'watch', times: 1 });
    k8s.world.api.dropWatches();
    await rewatch;
    slice('10.1.0.6');
    k8s.world.api.compact();
    expect(await diff).toEqual({ added: ['hello@10.1.0.6'], removed: ['hello@10.1.0.5'] });
    expect(count(isList)).toBe(2);
    expect(log.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_KUBERNETES_HTTP']);
  });

  it('starts the list over when a continue token expires between pages', async () => {
    for (let i = 0; i < 5; i++) {
      k8s.world.api.putEndpointSlice({
        service: 'hello',
        namespace: 'prod',
        name: `hello-${i}`,
        endpoints: [{ address: `10.1.1.${i}` }],
      });
    }
    let compacted = false;
    k8s.world.api.injectFault(
      { kind: 'reset' },
      {
        match: (r) => {
          if (r.query.has('continue') && !compacted) {
            compacted = true;
            k8s.world.api.compact();
          }
          return false;
        },
      },
    );
    const s = await started({ pageSize: 2 });
    expect(compacted).toBe(true);
    expect(sortedNames(s.known())).toEqual([
      'hello@10.1.0.5',
      'hello@10.1.1.0',
      'hello@10.1.1.1',
      'hello@10.1.1.2',
      'hello@10.1.1.3',
      'hello@10.1.1.4',
    ]);
    // 3 pages, a 410 on the second, 3 pages again.
    expect(count(isList)).toBe(5);
  });
});

describe('chunked lists', () => {
  it('reads a large namespace in limit-sized pages from one snapshot', async () => {
    for (let i = 0; i < 7; i++) {
      k8s.world.api.putEndpointSlice({
        service: 'hello',
        namespace: 'prod',
        name: `hello-${i}`,
        endpoints: [{ address: `10.1.2.${i}` }],
      });
    }
    const s = await started({ pageSize: 3 });
    expect(s.known().size).toBe(8);
    const pages = k8s.world.api.requests.filter(isList);
    expect(pages.map((p) => p.query.get('limit'))).toEqual(['3', '3', '3']);
    expect(pages.map((p) => p.query.has('continue'))).toEqual([false, true, true]);
  });
});

describe('a dropped watch', () => {
  it('resumes from the last resourceVersion it saw, without relisting, and misses nothing', async () => {
    const s = await started();
    const seenRv = String(k8s.world.api.store.resourceVersion);
    const rewatch = k8s.world.api.waitForRequest(isWatch);
    k8s.world.api.injectFault({ kind: 'reset' }, { match: 'watch', times: 1 });
    k8s.world.api.dropWatches();
    slice('10.1.0.5', '10.1.0.7'); // while the watch is down
    const diff = nextEvent(s, 'diff');
    const retry = await rewatch; // refused by the reset
    expect(retry.query.get('resourceVersion')).toBe(seenRv);
    expect(await diff).toEqual({ added: ['hello@10.1.0.7'], removed: [] });
    expect(count(isList)).toBe(1);
  });

  it('resumes from the bookmark resourceVersion when nothing it watches changed', async () => {
    await started();
    // Changes the watch does not see (another namespace) move the resourceVersion on.
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'staging',
      endpoints: [{ address: '10.2.0.1' }],
    });
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'staging',
      endpoints: [{ address: '10.2.0.2' }],
    });
    const rv = String(k8s.world.api.store.resourceVersion);
    k8s.world.api.bookmark();
    // The stream carries the bookmark, then its clean end: the rewatch starts from the bookmark.
    const rewatch = k8s.world.api.waitForRequest(isWatch);
    k8s.world.api.endWatches();
    expect((await rewatch).query.get('resourceVersion')).toBe(rv);
    expect(count(isList)).toBe(1);
  });

  it('retries a failing watch with capped, jittered, growing backoff, and reports each failure', async () => {
    const delays: number[] = [];
    const clock: Clock = {
      ...systemClock,
      setTimeout: (fn, ms, keepAlive) => {
        delays.push(ms);
        return systemClock.setTimeout(fn, Math.min(ms, 5), keepAlive);
      },
    };
    const strategy = new KubernetesStrategy({
      topology: 'k8s',
      config: KubernetesStrategy.parseConfig({
        nodeBasename: 'hello',
        ...k8s.world.config,
        service: 'hello',
      }),
      logger: silentLogger(),
      clock,
      self: toNodeName('hello@10.1.0.1'),
    });
    k8s.onCleanup(() => strategy.stop());
    const log = recordEvents(strategy);
    await strategy.start();
    await strategy.ready;
    while (k8s.world.api.openWatches === 0) await k8s.world.api.waitForRequest(isWatch);
    // The open watch drops, then 4 attempts fail with 500; the 6th watch request succeeds.
    k8s.world.api.injectFault({ kind: 'status', status: 500 }, { match: 'watch', times: 4 });
    const back = k8s.world.api.waitForRequest(
      (r) => isWatch(r) && k8s.world.api.requests.filter(isWatch).length === 6,
    );
    k8s.world.api.dropWatches();
    await back;
    // attempts 0..4: step = 500 ms * 2^n, delay in [step/2, step]
    const steps = [500, 1000, 2000, 4000, 8000];
    expect(delays).toHaveLength(5);
    delays.forEach((d, i) => {
      expect(d).toBeGreaterThanOrEqual(steps[i]! / 2);
      expect(d).toBeLessThanOrEqual(steps[i]!);
    });
    // The drop of an open watch is routine (logged, not emitted); each failed reopen is.
    expect(log.errors.map((e) => e.code)).toEqual(Array(4).fill('MUSTER_ERR_KUBERNETES_HTTP'));
    expect(sortedNames(strategy.known())).toEqual(['hello@10.1.0.5']);
    expect(count(isList)).toBe(1);
  });

  it('resumes at once when the server ends the watch at its timeout', async () => {
    await started();
    const rewatch = k8s.world.api.waitForRequest(isWatch);
    k8s.world.api.endWatches();
    const again = await rewatch;
    expect(Number(again.query.get('timeoutSeconds'))).toBeGreaterThanOrEqual(
      kubernetesDefaults.watchTimeoutSeconds,
    );
    expect(count(isList)).toBe(1);
  });
});

describe('a refused watch', () => {
  it('reports the missing watch permission and polls instead', async () => {
    k8s.world.api.addToken('muster-test-token-0', {
      rules: [{ verbs: ['list'], resources: ['endpointslices'], namespaces: ['prod'] }],
    });
    const strategy = k8s.strategy({ service: 'hello', pollingInterval: 20 });
    const failed = nextEvent(strategy, 'error');
    await strategy.start();
    const err = await failed;
    expect(err.code).toBe('MUSTER_ERR_KUBERNETES_FORBIDDEN');
    expect(err.message).toContain('watch endpointslices.discovery.k8s.io in namespace prod');
    const diff = nextEvent(strategy, 'diff');
    slice('10.1.0.8');
    expect(await diff).toEqual({ added: ['hello@10.1.0.8'], removed: ['hello@10.1.0.5'] });
    expect(count(isWatch)).toBe(1);
  });
});
