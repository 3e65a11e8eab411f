import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import { Admission } from '../../../src/core/admission.js';
import type { NodeName } from '../../../src/core/node-name.js';
import type { Strategy } from '../../../src/core/strategy.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';

/** A pollable topology whose polls the test answers one by one. */
class Source extends EventEmitter {
  polls: { finish: (adds?: NodeName) => void }[] = [];
  constructor(private readonly listed: Set<NodeName>) {
    super();
  }
  pollNow(): Promise<void> {
    return new Promise((resolve) => {
      this.polls.push({
        finish: (adds) => {
          if (adds) this.listed.add(adds);
          resolve();
        },
      });
    });
  }
}

function setup(mode: 'wanted' | 'any' = 'wanted') {
  const clock = new ManualClock();
  const listed = new Set<NodeName>(['a@127.0.0.1' as NodeName]);
  const source = new Source(listed);
  let polls = 0;
  const admission = new Admission({
    mode,
    wants: (n) => listed.has(n),
    strategies: () => [source as unknown as Strategy],
    clock,
    waitMs: 1_000,
    minPollIntervalMs: 300,
    onPoll: () => polls++,
    onRefused: () => {},
  });
  return { clock, source, admission, polls: () => polls };
}

const B = 'b@127.0.0.2' as NodeName;
const C = 'c@127.0.0.3' as NodeName;

describe('Admission', () => {
  it('admits a wanted peer at once and anyone with mode any, without polling', () => {
    expect(setup().admission.admit('a@127.0.0.1' as NodeName)).toBe(true);
    const any = setup('any');
    expect(any.admission.admit(B)).toBe(true);
    expect(any.polls()).toBe(0);
  });

  it('holds an unknown peer for one poll, shared by every peer asking meanwhile', async () => {
    const { source, admission, polls } = setup();
    const b = admission.admit(B) as Promise<boolean>;
    const c = admission.admit(C) as Promise<boolean>;
    expect(polls()).toBe(1);
    source.polls[0]!.finish(B);
    expect(await b).toBe(true);
    expect(await c).toBe(false);
  });

  it('spaces admission polls by the interval and answers at the wait at the latest', async () => {
    const { clock, source, admission, polls } = setup();
    const first = admission.admit(B) as Promise<boolean>;
    source.polls[0]!.finish();
    expect(await first).toBe(false);
    // Within the interval: no new poll now, one at its end.
    const again = admission.admit(B) as Promise<boolean>;
    expect(polls()).toBe(1);
    await clock.advance(299);
    expect(polls()).toBe(1);
    await clock.advance(1);
    expect(polls()).toBe(2);
    // That poll never answers: the wait bounds the handshake.
    await clock.advance(700);
    expect(await again).toBe(false);
    expect(source.polls).toHaveLength(2);
  });

  it('answers every waiting question when stopped', async () => {
    const { admission } = setup();
    const b = admission.admit(B) as Promise<boolean>;
    admission.stop();
    expect(await b).toBe(false);
    expect(admission.admit('a@127.0.0.1' as NodeName)).toBe(false);
  });
});

describe('Admission before a topology has answered', () => {
  it('waits for its first answer instead of asking for another poll', async () => {
    const { source, admission, polls } = setup();
    let answer!: () => void;
    (source as unknown as { ready: Promise<void> }).ready = new Promise((r) => {
      answer = r;
    });
    admission.track(source as unknown as Strategy);
    const b = admission.admit(B) as Promise<boolean>;
    expect(polls()).toBe(0);
    answer();
    expect(await b).toBe(false);
    expect(source.polls).toHaveLength(0);
    // Answered once: the next question polls again.
    void admission.admit(B);
    await Promise.resolve();
    expect(polls()).toBe(1);
  });
});

describe('Admission when discovery fails (fails closed, says why)', () => {
  const A = 'a@127.0.0.1' as NodeName;

  it('stops waiting for a first answer that failed, and polls again at the next question', async () => {
    const { source, admission, polls } = setup();
    (source as unknown as { ready: Promise<void> }).ready = new Promise(() => {});
    admission.track(source as unknown as Strategy);
    const b = admission.verdict(B) as Promise<string>;
    expect(polls()).toBe(0);
    source.emit('error', new Error('metadata 500'));
    expect(await b).toBe('discovery_unavailable');
    // A known peer is still admitted at once: a failed poll keeps the set.
    expect(admission.verdict(A)).toBe('admitted');
    const again = admission.verdict(B) as Promise<string>;
    expect(polls()).toBe(1);
    source.emit('error', new Error('metadata 500'));
    source.polls[0]!.finish();
    expect(await again).toBe('discovery_unavailable');
  });

  it("refuses at once while a failing topology may not poll yet; its recovery ends 'unavailable'", async () => {
    const { clock, source, admission, polls } = setup();
    const first = admission.verdict(B) as Promise<string>;
    source.emit('error', new Error('SERVFAIL'));
    source.polls[0]!.finish();
    expect(await first).toBe('discovery_unavailable');
    // Inside the interval: no handshake is held for the poll at its end.
    expect(admission.verdict(C)).toBe('discovery_unavailable');
    expect(admission.admit(C)).toBe(false);
    await clock.advance(300);
    expect(polls()).toBe(2);
    source.polls[1]!.finish();
    await Promise.resolve();
    // It answered: an unknown peer now waits for a poll again and hears 'not_wanted'.
    await clock.advance(300);
    const later = admission.verdict(C) as Promise<string>;
    expect(polls()).toBe(3);
    source.polls[2]!.finish();
    expect(await later).toBe('not_wanted');
  });
});
