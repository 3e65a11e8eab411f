import { systemClock } from '../core/clock.js';
import type { MusterError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { type NodeName, toNodeName } from '../core/node-name.js';
import type { NodeDiff } from '../core/node-set-diff.js';
import type { Strategy, StrategyContext } from '../core/strategy.js';

/**
 * The compliance suite every built-in strategy passes (libp2p's interface-compliance-tests
 * idea), shipped so you can run it on your own strategy: start twice, stop without start,
 * minimal diffs, a failed lookup keeps the set, nothing emitted after stop.
 *
 * It uses your test framework's `describe`, `it` and `expect` (vitest's or jest's), so it adds
 * no dependency:
 *
 *     import { describe, expect, it } from 'vitest';
 *     import { strategyComplianceSuite } from 'muster-cluster/testing';
 *     strategyComplianceSuite('inventory', fixture, { describe, it, expect });
 */

/** The few matchers the suite uses; vitest's and jest's `expect` have them all. */
export interface ComplianceMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toHaveLength(length: number): void;
  toBeLessThanOrEqual(n: number): void;
  toBeGreaterThanOrEqual(n: number): void;
}

/** Your test framework's functions (vitest: `import { describe, it, expect } from 'vitest'`). */
export interface ComplianceTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  expect(actual: unknown): ComplianceMatchers;
}

/** One instance of a strategy under test, wired to a source the suite can change. */
export interface ComplianceSubject {
  readonly strategy: Strategy;
  /** Makes the source list exactly these nodes (as names the strategy will report). */
  setNodes?(nodes: NodeName[]): Promise<void>;
  /** Makes the next lookups fail (timeout, 5xx, SERVFAIL...). */
  breakSource?(): Promise<void>;
  healSource?(): Promise<void>;
  /** Drives one fresh lookup and resolves when it has finished (PollingStrategy.pollNow). */
  refresh?(): Promise<void>;
}

export interface ComplianceFixture {
  /** The nodes the source lists when a subject is created. */
  readonly initial: NodeName[];
  /** Further valid names the suite may add to the source. */
  readonly extra: NodeName[];
  create(): Promise<ComplianceSubject>;
  /** Frees everything `create` made (servers, files). Called after each test. */
  cleanup(subject: ComplianceSubject): Promise<void>;
}

/**
 * What the core would inject, for building a strategy in a test: a silent logger, the system
 * clock, and `self` (default `test@127.0.0.1`).
 */
export function complianceContext<Config>(
  topology: string,
  config: Config,
  self = 'test@127.0.0.1',
): StrategyContext<Config> {
  return { topology, config, logger: silentLogger(), clock: systemClock, self: toNodeName(self) };
}

function record(strategy: Strategy) {
  const diffs: NodeDiff[] = [];
  const errors: MusterError[] = [];
  strategy.on('diff', (d) => diffs.push(d));
  strategy.on('error', (e) => errors.push(e));
  return { diffs, errors };
}

function nextEvent(strategy: Strategy, event: 'diff' | 'error'): Promise<unknown> {
  return new Promise((resolve) => strategy.once(event, resolve));
}

const sorted = (xs: readonly string[]) => [...xs].sort();

export function strategyComplianceSuite(
  name: string,
  fixture: ComplianceFixture,
  api: ComplianceTestApi,
): void {
  const { describe, it, expect } = api;
  describe(`strategy compliance: ${name}`, () => {
    async function withSubject(fn: (s: ComplianceSubject) => Promise<void>): Promise<void> {
      const subject = await fixture.create();
      try {
        await fn(subject);
      } finally {
        await subject.strategy.stop();
        await fixture.cleanup(subject);
      }
    }

    it('reports the initial set as one diff and settles ready', async () => {
      await withSubject(async (s) => {
        const log = record(s.strategy);
        await s.strategy.start();
        await s.strategy.ready;
        expect(log.diffs).toHaveLength(fixture.initial.length > 0 ? 1 : 0);
        if (fixture.initial.length > 0) {
          expect(sorted(log.diffs[0]!.added)).toEqual(sorted(fixture.initial));
          expect(log.diffs[0]!.removed).toEqual([]);
        }
        expect(sorted([...s.strategy.known()])).toEqual(sorted(fixture.initial));
      });
    });

    it('treats a second start() as a no-op', async () => {
      await withSubject(async (s) => {
        const log = record(s.strategy);
        await s.strategy.start();
        await s.strategy.start();
        await s.strategy.ready;
        await s.refresh?.();
        expect(log.diffs.length).toBeLessThanOrEqual(1);
        expect(sorted([...s.strategy.known()])).toEqual(sorted(fixture.initial));
      });
    });

    it('treats stop() without start() and a second stop() as no-ops', async () => {
      await withSubject(async (s) => {
        await s.strategy.stop();
        await s.strategy.stop();
        await s.strategy.start();
        await s.strategy.ready;
        await s.strategy.stop();
        await s.strategy.stop();
      });
    });

    it('emits minimal diffs: only what changed, nothing when nothing changed', async () => {
      await withSubject(async (s) => {
        if (!s.setNodes || !s.refresh) return;
        await s.strategy.start();
        await s.strategy.ready;
        const log = record(s.strategy);
        await s.refresh();
        expect(log.diffs).toEqual([]);

        const [dropped, ...kept] = fixture.initial;
        const next = [...kept, ...fixture.extra];
        await s.setNodes(next);
        await s.refresh();
        expect(log.diffs).toHaveLength(1);
        expect(sorted(log.diffs[0]!.added)).toEqual(sorted(fixture.extra));
        expect(log.diffs[0]!.removed).toEqual(dropped === undefined ? [] : [dropped]);
        expect(sorted([...s.strategy.known()])).toEqual(sorted(next));
      });
    });

    it('keeps the known set when the source fails, and emits error', async () => {
      await withSubject(async (s) => {
        if (!s.breakSource || !s.healSource || !s.refresh) return;
        await s.strategy.start();
        await s.strategy.ready;
        const log = record(s.strategy);
        await s.breakSource();
        const failed = nextEvent(s.strategy, 'error');
        await s.refresh();
        await failed;
        expect(log.errors.length).toBeGreaterThanOrEqual(1);
        expect(typeof log.errors[0]!.code).toBe('string');
        expect(log.diffs).toEqual([]);
        expect(sorted([...s.strategy.known()])).toEqual(sorted(fixture.initial));
        await s.healSource();
        await s.refresh();
        expect(log.diffs).toEqual([]);
      });
    });

    it('emits nothing after stop() resolves', async () => {
      await withSubject(async (s) => {
        await s.strategy.start();
        await s.strategy.ready;
        await s.strategy.stop();
        const log = record(s.strategy);
        if (s.setNodes) await s.setNodes(fixture.extra);
        await s.refresh?.();
        // A fresh subject on the same source sees the change: proof that time has passed
        // for a poll to happen, had the stopped one still been polling.
        expect(log.diffs).toEqual([]);
        expect(log.errors).toEqual([]);
      });
    });
  });
}
