import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeName } from '../../../src/core/node-name.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { n, reconcilerHarness, SELF } from '../../helpers/reconciler-harness.js';

const POOL = [
  SELF,
  ...Array.from({ length: 7 }, (_, i) =>
    n(i < 3 ? `app@127.49.0.${i + 2}` : `app@127.50.1.${i + 2}`),
  ),
];
const TOPOLOGIES = ['dns', 'static'] as const;

type Op =
  | { kind: 'diff'; topology: number; add: number[]; remove: number[] }
  | { kind: 'tick'; ms: number }
  | { kind: 'answer'; node: number; ok: boolean }
  | { kind: 'answerAll'; ok: boolean }
  | { kind: 'drop'; node: number };

const idx = fc.integer({ min: 0, max: POOL.length - 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('diff' as const),
    topology: fc.integer({ min: 0, max: 1 }),
    add: fc.array(idx, { maxLength: 4 }),
    remove: fc.array(idx, { maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 400 }) }),
  fc.record({ kind: fc.constant('answer' as const), node: idx, ok: fc.boolean() }),
  fc.record({ kind: fc.constant('answerAll' as const), ok: fc.boolean() }),
  fc.record({ kind: fc.constant('drop' as const), node: idx }),
);

/** Applies `op` as a real strategy would: diffs are computed against each topology's own set. */
function diffFor(sets: Set<NodeName>[], o: Extract<Op, { kind: 'diff' }>) {
  const set = sets[o.topology]!;
  const added = [...new Set(o.add.map((i) => POOL[i]!))].filter((x) => !set.has(x));
  for (const x of added) set.add(x);
  const removed = [...new Set(o.remove.map((i) => POOL[i]!))].filter(
    (x) => set.has(x) && !added.includes(x),
  );
  for (const x of removed) set.delete(x);
  return { added, removed };
}

describe('Reconciler under random interleavings', () => {
  it('never dials twice at once, never dials itself, and converges to wanted minus unreachable', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: POOL.length, maxLength: POOL.length }),
        async (ops, reachable) => {
          // Self sorts in the middle of the pool, so half the peers are dialed after a yield.
          const clock = new ManualClock();
          const { transport, reconciler } = reconcilerHarness({
            clock,
            debounceMs: 25,
            concurrency: 3,
            self: SELF,
            dialYieldMs: 150,
          });
          const sets = TOPOLOGIES.map(() => new Set<NodeName>());
          for (const o of ops) {
            if (o.kind === 'diff')
              reconciler.applyDiff(TOPOLOGIES[o.topology]!, diffFor(sets, o), true);
            else if (o.kind === 'tick') await clock.advance(o.ms);
            else if (o.kind === 'answer') transport.answer(POOL[o.node]!, o.ok);
            else if (o.kind === 'answerAll') transport.answerAll(() => o.ok);
            else {
              // Drop one of the connected nodes (if any), so drops are frequent enough to matter.
              const up = [...transport.connected];
              if (up.length > 0) transport.drop(up[o.node % up.length]!, 'closed');
            }
            await clock.advance(0);
          }
          // Quiet: the network now answers truthfully and time passes beyond the backoff cap.
          transport.autoAnswer = (node) => reachable[POOL.indexOf(node)]!;
          transport.answerAll((node) => reachable[POOL.indexOf(node)]!);
          for (let i = 0; i < 10; i++) await clock.advance(1_000);

          expect(transport.maxInFlightPerNode).toBeLessThanOrEqual(1);
          expect(transport.connectCalls).not.toContain(SELF);
          const wanted = new Set([...sets[0]!, ...sets[1]!]);
          // Every reachable wanted node is connected; nothing unwanted (or self) stays connected.
          // An unreachable node may still hold a connection made before the network changed.
          const mustHave = POOL.filter((x, i) => x !== SELF && wanted.has(x) && reachable[i]);
          for (const x of mustHave) expect(transport.connected.has(x)).toBe(true);
          for (const x of transport.connected) expect(x !== SELF && wanted.has(x)).toBe(true);
          reconciler.stop();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('never dials a node that was added and removed inside one debounce window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          op.filter((o) => o.kind === 'diff'),
          { maxLength: 30 },
        ),
        async (ops) => {
          const clock = new ManualClock();
          const { transport, reconciler } = reconcilerHarness({ clock, debounceMs: 25 });
          const sets = TOPOLOGIES.map(() => new Set<NodeName>());
          for (const o of ops)
            reconciler.applyDiff(
              TOPOLOGIES[o.topology]!,
              diffFor(sets, o as Extract<Op, { kind: 'diff' }>),
              true,
            );
          await clock.advance(25);
          const wantedAtFlush = new Set([...sets[0]!, ...sets[1]!]);
          for (const called of transport.connectCalls) expect(wantedAtFlush.has(called)).toBe(true);
          expect(transport.connectCalls.length).toBe(new Set(transport.connectCalls).size);
          reconciler.stop();
        },
      ),
      { numRuns: 200 },
    );
  });
});
