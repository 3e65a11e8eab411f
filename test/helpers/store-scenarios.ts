import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeName } from '../../src/core/node-name.js';
import {
  captureLogger,
  type StoreNode,
  StoreNodeProcess,
  type StoreStrategyName,
  storeNode,
} from './store-nodes.js';
import { type ComplianceSubject, strategyComplianceSuite } from './strategy-compliance.js';

/**
 * One store under test (a real server the test starts) and how to reach it. Each test uses
 * its own namespace (table and channel, or key prefix) so tests never see each other's nodes.
 */
export interface StoreUnderTest {
  readonly strategy: StoreStrategyName;
  /** The ttl the tests use, in ms (etcd: at least its minimum lease). */
  readonly ttl: number;
  /** A secret in the store's URL that must never reach a log line (none: no credentials). */
  readonly secret: string | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** A node's config in namespace `ns`, with the test ttl unless overridden. */
  config(ns: string, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Writes entries straight into the store (long-lived, as other nodes would), replacing all but `keep`. */
  setEntries(ns: string, names: readonly string[], keep: readonly string[]): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
}

let block = 0;
/** Node names in 127.137.<block>.<n> (names only: no test here dials them). */
export function namesIn(count: number): NodeName[] {
  block++;
  return Array.from({ length: count }, (_, i) => `hello@127.137.${block}.${i + 1}` as NodeName);
}

let nsCounter = 0;
const freshNs = () => `t${process.pid}n${++nsCounter}`;

/** Waits for a timer the scenario itself is about (a store paused *past* its ttl). */
const elapse = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function storeScenarios(store: StoreUnderTest): void {
  const started: StoreNode[] = [];
  const children: StoreNodeProcess[] = [];
  let ns = '';

  beforeAll(() => store.start(), 60_000);
  afterAll(() => store.stop());

  const node = (self: string, options: Parameters<typeof storeNode>[3] = {}, overrides = {}) => {
    const n = storeNode(store.strategy, store.config(ns, overrides), self, options);
    started.push(n);
    return n;
  };

  describe(`${store.strategy} store strategy against the real server`, () => {
    beforeAllEach();
    function beforeAllEach() {
      afterEach(async () => {
        store.resume();
        await Promise.all(children.splice(0).map((c) => c.kill().catch(() => {})));
        await Promise.all(started.splice(0).map((n) => n.strategy.stop()));
      });
    }

    it('lists 50 nodes announcing at once, in every node (50 instances in one process)', async () => {
      ns = freshNs();
      const names = namesIn(50);
      // 50 connects at once on 2 cores (SCRAM, gRPC): a ttl that gives them room, since a
      // connect may take up to ttl. Nothing here waits for it to pass.
      const roomy =
        store.strategy === 'etcd' ? { ttl: 10_000 } : { ttl: 10_000, heartbeatInterval: 2_000 };
      const nodes = names.map((n) => node(n, {}, roomy));
      await Promise.all(nodes.map((n) => n.strategy.start()));
      await Promise.all(nodes.map((n) => n.waitForKnown(names)));
      for (const n of nodes) expect(n.errors).toEqual([]);
    }, 60_000);

    it('drops a node killed with -9 after ttl, and not before', async () => {
      ns = freshNs();
      const [watcher, victim] = namesIn(2) as [NodeName, NodeName];
      const w = node(watcher);
      await w.strategy.start();
      const child = new StoreNodeProcess(store.strategy, store.config(ns), victim);
      children.push(child);
      await child.connected;
      await w.waitForKnown([watcher, victim]);
      const killedAt = Date.now();
      await child.kill();
      await w.waitForKnown([watcher]);
      // The entry was last refreshed at most one refresh period before the kill.
      const refresh =
        store.strategy === 'etcd' ? store.ttl / 3 : Number(store.config(ns).heartbeatInterval);
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(store.ttl - refresh - 100);
    });

    it('keeps known nodes through a store kill -9 and restart, then re-announces and re-reads', async () => {
      ns = freshNs();
      const names = namesIn(4);
      const [a, b, c, late] = names as [NodeName, NodeName, NodeName, NodeName];
      const { logger, text } = captureLogger();
      const nodes = [node(a, { logger }), node(b), node(c)];
      await Promise.all(nodes.map((n) => n.strategy.start()));
      await Promise.all(nodes.map((n) => n.waitForKnown([a, b, c])));
      const failed = nodes.map((n) => n.nextError());
      await store.kill();
      const errors = await Promise.all(failed);
      for (const e of errors) expect(e.code).toBe('MUSTER_ERR_STORE_UNAVAILABLE');
      for (const n of nodes) expect([...n.strategy.known()].sort()).toEqual([a, b, c].sort());
      await store.restart();
      await Promise.all(nodes.map((n) => n.strategy.whenConnected()));
      // A node that joins only now finds all three: they announced themselves again.
      const fresh = node(late);
      await fresh.strategy.start();
      await fresh.waitForKnown([a, b, c, late]);
      await Promise.all(nodes.map((n) => n.waitForKnown([a, b, c, late])));
      const log = text();
      expect(log).toContain('store session established');
      expect(log).toContain('MUSTER_ERR_STORE_UNAVAILABLE');
      if (store.secret !== undefined) {
        expect(log).toContain('[redacted]');
        expect(log).not.toContain(store.secret);
      }
    }, 60_000);

    it('survives the store paused (SIGSTOP) past ttl and resumed', async () => {
      ns = freshNs();
      const names = namesIn(4);
      const [a, b, c, late] = names as [NodeName, NodeName, NodeName, NodeName];
      const nodes = [node(a), node(b), node(c)];
      await Promise.all(nodes.map((n) => n.strategy.start()));
      await Promise.all(nodes.map((n) => n.waitForKnown([a, b, c])));
      const failed = nodes.map((n) => n.nextError());
      store.pause();

      const errors = await Promise.all(failed);
      for (const e of errors) expect(e.code).toBe('MUSTER_ERR_STORE_UNAVAILABLE');
      await elapse(store.ttl + 500);
      for (const n of nodes) expect([...n.strategy.known()].sort()).toEqual([a, b, c].sort());
      store.resume();
      await Promise.all(nodes.map((n) => n.strategy.whenConnected()));

      const fresh = node(late);
      await fresh.strategy.start();
      await fresh.waitForKnown([a, b, c, late]);
      await Promise.all(nodes.map((n) => n.waitForKnown([a, b, c, late])));
    }, 60_000);

    it('lets a node whose clock runs an hour ahead neither outlive its ttl nor evict others', async () => {
      ns = freshNs();
      const [watcher, skewed] = namesIn(2) as [NodeName, NodeName];
      const w = node(watcher);
      await w.strategy.start();
      await w.strategy.whenConnected();
      const child = new StoreNodeProcess(store.strategy, store.config(ns), skewed, 3_600_000);
      children.push(child);
      const seesBoth = new Promise<void>((resolve) => {
        child.child.on('message', (m: { op: string; nodes?: string[] }) => {
          if (m.op === 'known' && m.nodes?.includes(watcher) && m.nodes.includes(skewed)) resolve();
        });
      });
      await child.connected;
      await seesBoth;
      await w.waitForKnown([watcher, skewed]);
      await child.kill();
      await w.waitForKnown([watcher]);
    });

    it('removes its own entry at once on a graceful stop', async () => {
      ns = freshNs();
      const [a, b, c] = namesIn(3) as [NodeName, NodeName, NodeName];
      // A ttl (and heartbeat) longer than the test timeout: only the withdrawal can remove b.
      const long =
        store.strategy === 'etcd' ? { ttl: 120_000 } : { ttl: 120_000, heartbeatInterval: 60_000 };
      const na = node(a, {}, long);
      const nb = node(b, {}, long);
      await Promise.all([na.strategy.start(), nb.strategy.start()]);
      await Promise.all([na.waitForKnown([a, b]), nb.waitForKnown([a, b])]);
      await nb.strategy.stop();
      await na.waitForKnown([a]);
      const nc = node(c, {}, long);
      await nc.strategy.start();
      await nc.strategy.whenConnected();
      expect([...nc.strategy.known()].sort()).toEqual([a, c].sort());
    });
  });

  const subjects = new Map<ComplianceSubject, string>();
  const [self, ...others] = namesIn(6) as NodeName[];
  const initial = [others[0]!, others[1]!, self!];
  strategyComplianceSuite(store.strategy, {
    initial,
    extra: [others[2]!, others[3]!],
    async create() {
      const space = freshNs();
      await store.setEntries(
        space,
        initial.filter((n) => n !== self),
        [],
      );
      // Short operation timeouts (a paused store is noticed in 2 s); the fixture's entries
      // never expire, and this node's own entry is refreshed well within its ttl.
      const config = store.config(space, { ttl: 6_000, heartbeatInterval: 2_000 });
      const n = storeNode(store.strategy, config, self!);
      const subject: ComplianceSubject = {
        strategy: n.strategy,
        setNodes: (nodes) =>
          store.setEntries(
            space,
            nodes.filter((x) => x !== self),
            [self!],
          ),
        // Paused rather than killed: a killed Redis forgets the fixture's entries.
        breakSource: async () => store.pause(),
        healSource: async () => store.resume(),
        refresh: () => n.strategy.syncNow(),
      };
      subjects.set(subject, space);
      return subject;
    },
    async cleanup(subject) {
      subjects.delete(subject);
    },
  });
}
