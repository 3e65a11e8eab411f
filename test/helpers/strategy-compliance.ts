import { describe, expect, it } from 'vitest';
import type { MusterError } from '../../src/core/errors.js';
import type { NodeName } from '../../src/core/node-name.js';
import type { NodeDiff } from '../../src/core/node-set-diff.js';
import type { Strategy } from '../../src/core/strategy.js';

/**
 * One instance of a strategy under test, wired to a source the suite can change.
 * Every strategy in src/strategies runs this suite (STYLE.md: one compliance suite for all).
 */
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

export function strategyComplianceSuite(name: string, fixture: ComplianceFixture): void {
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
