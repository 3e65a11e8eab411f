/** A muster node as users build it: createCluster with dns-poll topologies and TCP. */
import type { ConnectSlots } from '../../src/core/connect-slots.js';
import { type Cluster, createCluster, type NodeName } from '../../src/index.js';
import { COOKIE, MUSTER_PORT } from './peer-hosts.js';

export interface BenchNodeOptions {
  readonly name: string;
  readonly host: string;
  readonly dns: string;
  /** One dns-poll topology per DNS name (one answer holds at most ~4,093 A records). */
  readonly queries: readonly string[];
  readonly basename: string;
  readonly pollingInterval?: number;
  /** The cluster's connectConcurrency; default: muster's default (256). */
  readonly connectConcurrency?: number;
  /** Shared by the nodes of one process, as the process-wide dial gate was (see below). */
  readonly connectSlots?: ConnectSlots;
}

export function benchNode(o: BenchNodeOptions): Cluster {
  const topologies = Object.fromEntries(
    o.queries.map((query, i) => [
      `dns${i}`,
      {
        strategy: 'dns-poll' as const,
        config: {
          query,
          nodeBasename: o.basename,
          pollingInterval: o.pollingInterval ?? 3_600_000,
          nameservers: [o.dns],
          timeout: 5_000,
          attempts: 2,
        },
      },
    ]),
  );
  return createCluster(
    {
      name: o.name,
      cookie: COOKIE,
      transport: { kind: 'tcp', port: MUSTER_PORT, host: o.host },
      topologies,
      logLevel: 'silent',
      ...(o.connectConcurrency !== undefined ? { connectConcurrency: o.connectConcurrency } : {}),
    },
    o.connectSlots !== undefined ? { connectSlots: o.connectSlots } : {},
  );
}

/** Resolves when `cluster` has emitted `count` nodeups (rejects after `timeoutMs`). */
export function nodeups(cluster: Cluster, count: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const onUp = () => {
      if (++seen >= count) done();
    };
    const timer = setTimeout(() => {
      cluster.off('nodeup', onUp);
      reject(new Error(`only ${seen} of ${count} nodeups in ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      cluster.off('nodeup', onUp);
      resolve(seen);
    };
    cluster.on('nodeup', onUp);
    if (count === 0) done();
  });
}

/** Resolves once `check()` holds, re-checked on every nodeup/nodedown. */
export function until(cluster: Cluster, check: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const test = () => {
      if (!check()) return;
      finish();
      resolve();
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`not converged in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      cluster.off('nodeup', test);
      cluster.off('nodedown', test);
    };
    cluster.on('nodeup', test);
    cluster.on('nodedown', test);
    test();
  });
}

export function sameSet(a: readonly NodeName[], b: ReadonlySet<string>): boolean {
  if (a.length !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
