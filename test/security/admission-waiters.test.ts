import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import { Admission } from '../../src/core/admission.js';
import { systemClock } from '../../src/core/clock.js';
import type { NodeName } from '../../src/core/node-name.js';
import type { Strategy } from '../../src/core/strategy.js';

// A peer with the cookie that no topology wants dials in under a new name each time while a
// topology has not had its first answer (its source down since start: ready never settles).
// Each question hung one reaction on that promise and kept it after its handshake was
// refused: against a packed node whose DNS server was down, 60,000 such hellos held 51 MiB
// more after a full GC, for as long as the source stayed down (about 0.85 KiB a question).
// Now a poll carries one reaction, and a question that timed out leaves it.

/** A promise that counts the reactions hung on it (derived promises are plain ones). */
class CountingPromise extends Promise<unknown> {
  reactions = 0;
  static override get [Symbol.species]() {
    return Promise;
  }
  // biome-ignore lint/suspicious/noThenProperty: it counts the reactions admission hangs on it
  override then<A, B>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.reactions++;
    return super.then(onFulfilled, onRejected);
  }
}

/** A pollable topology whose first answer never comes. */
class DownSource extends EventEmitter {
  readonly ready = new CountingPromise(() => {});
  pollNow(): Promise<void> {
    return new Promise(() => {});
  }
}

describe('admission questions about peers nobody wants', () => {
  it('do not pile up on a topology that has not answered yet', async () => {
    const source = new DownSource();
    const admission = new Admission({
      mode: 'wanted',
      wants: () => false,
      strategies: () => [source as unknown as Strategy],
      clock: systemClock,
      waitMs: 1,
      minPollIntervalMs: 1_000,
      onPoll: () => {},
      onRefused: () => {},
    });
    admission.track(source as unknown as Strategy);
    const before = source.ready.reactions;
    for (let round = 0; round < 10; round++) {
      const answers = Array.from(
        { length: 200 },
        (_, i) => admission.admit(`x${round}-${i}@127.146.5.9` as NodeName) as Promise<boolean>,
      );
      // Each is refused once its wait ends; none is admitted.
      expect(await Promise.all(answers)).toEqual(answers.map(() => false));
    }
    // 2,000 questions, all answered: at most one reaction remains for the pending answer.
    expect(source.ready.reactions - before).toBeLessThanOrEqual(1);
    admission.stop();
  });
});
