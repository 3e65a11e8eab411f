import type { Cluster, ClusterEvents } from '../../src/core/cluster.js';
import type { NodeName } from '../../src/core/node-name.js';

/** Resolves when `cluster` emits `event` with arguments `match` accepts (event-driven). */
export function until<E extends keyof ClusterEvents>(
  cluster: Cluster,
  event: E,
  match: (...args: Parameters<ClusterEvents[E]>) => boolean = () => true,
): Promise<Parameters<ClusterEvents[E]>> {
  return new Promise((resolve) => {
    const on = (...args: Parameters<ClusterEvents[E]>) => {
      if (!match(...args)) return;
      (cluster.off as (e: E, fn: typeof on) => void)(event, on);
      resolve(args);
    };
    (cluster.on as (e: E, fn: typeof on) => void)(event, on);
  });
}

/** Resolves once every cluster in `members` is connected to exactly the others. */
export function meshOf(members: ReadonlyMap<NodeName, Cluster>): Promise<void> {
  const names = [...members.keys()];
  const check = () =>
    names.every((self) => {
      const want = names.filter((n) => n !== self).sort();
      const have = members.get(self)!.nodes().sort();
      return JSON.stringify(have) === JSON.stringify(want);
    });
  return new Promise((resolve) => {
    if (check()) return resolve();
    const clusters = [...members.values()];
    const onChange = () => {
      if (!check()) return;
      for (const c of clusters) {
        c.off('nodeup', onChange);
        c.off('nodedown', onChange);
      }
      resolve();
    };
    for (const c of clusters) {
      c.on('nodeup', onChange);
      c.on('nodedown', onChange);
    }
  });
}

/** Resolves after `count` refusals of `node`'s dials to `peer` for not being wanted there. */
export function refusalsBy(cluster: Cluster, peer: NodeName, count: number): Promise<void> {
  let seen = 0;
  return until(cluster, 'connect:error', (node, error) => {
    if (node !== peer || error.refusal !== 'not_allowed') return false;
    return ++seen >= count;
  }).then(() => undefined);
}

/** Resolves once `cluster` is connected to exactly `nodes` (in any order). */
export function connectedTo(cluster: Cluster, nodes: readonly NodeName[]): Promise<void> {
  const want = JSON.stringify([...nodes].sort());
  const check = () => JSON.stringify(cluster.nodes().sort()) === want;
  return new Promise((resolve) => {
    if (check()) return resolve();
    const onChange = () => {
      if (!check()) return;
      cluster.off('nodeup', onChange);
      cluster.off('nodedown', onChange);
      resolve();
    };
    cluster.on('nodeup', onChange);
    cluster.on('nodedown', onChange);
  });
}

/** Resolves after `topology` of `cluster` has run `count` more polls of its own. */
export function ownPolls(cluster: Cluster, topology: string, count: number): Promise<void> {
  const strategy = cluster.strategies().get(topology) as unknown as {
    poll(signal: AbortSignal): Promise<unknown>;
  };
  const poll = strategy.poll;
  return new Promise((resolve) => {
    let seen = 0;
    strategy.poll = (signal) => {
      if (++seen === count) {
        strategy.poll = poll;
        resolve();
      }
      return poll.call(strategy, signal);
    };
  });
}
