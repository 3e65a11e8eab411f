import { beforeEach, describe, expect, it } from 'vitest';
import { DiscoveryError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { NodeName } from '../../../src/core/node-name.js';
import { type PollingConfig, PollingStrategy } from '../../../src/strategies/polling-strategy.js';
import { ManualClock } from '../../../src/testing/manual-clock.js';
import { n } from '../../helpers/reconciler-harness.js';

/** A strategy whose polls the test answers by hand. */
class ManualPolling extends PollingStrategy<PollingConfig> {
  readonly calls: {
    resolve(s: Set<NodeName>): void;
    reject(e: unknown): void;
    signal: AbortSignal;
  }[] = [];
  protected poll(signal: AbortSignal): Promise<Set<NodeName>> {
    return new Promise((resolve, reject) => this.calls.push({ resolve, reject, signal }));
  }
}

let clock: ManualClock;

function make(pollingInterval = 1_000) {
  return new ManualPolling({
    topology: 't',
    config: { pollingInterval },
    logger: silentLogger(),
    clock,
    self: n('app@127.50.3.1'),
  });
}

describe('PollingStrategy', () => {
  beforeEach(() => {
    clock = new ManualClock();
  });

  it('polls at start, then pollingInterval after each poll ends, never overlapping', async () => {
    const s = make(1_000);
    await s.start();
    expect(s.calls).toHaveLength(1);
    // A slow answer: 5 intervals pass, still only one poll in flight.
    await clock.advance(5_000);
    expect(s.calls).toHaveLength(1);
    s.calls[0]!.resolve(new Set([n('a@127.50.3.2')]));
    await clock.advance(999);
    expect(s.calls).toHaveLength(1);
    await clock.advance(1);
    expect(s.calls).toHaveLength(2);
    await s.stop();
  });

  it('emits an error and keeps the set when a poll fails', async () => {
    const s = make();
    const diffs: unknown[] = [];
    const errors: unknown[] = [];
    s.on('diff', (d) => diffs.push(d));
    s.on('error', (e) => errors.push(e));
    await s.start();
    s.calls[0]!.resolve(new Set([n('a@127.50.3.2')]));
    await s.ready;
    await clock.advance(1_000);
    s.calls[1]!.reject(new Error('timeout'));
    await clock.advance(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DiscoveryError);
    expect([...s.known()]).toEqual(['a@127.50.3.2']);
    expect(diffs).toHaveLength(1);
    await s.stop();
  });

  it('an empty answer the source really gave removes the nodes', async () => {
    const s = make();
    const diffs: { removed: readonly string[] }[] = [];
    s.on('diff', (d) => diffs.push(d));
    await s.start();
    s.calls[0]!.resolve(new Set([n('a@127.50.3.2')]));
    await clock.advance(1_000);
    s.calls[1]!.resolve(new Set());
    await clock.advance(0);
    expect(diffs[1]!.removed).toEqual(['a@127.50.3.2']);
  });

  it('pollNow during a poll runs exactly one more poll right after it', async () => {
    const s = make(60_000);
    await s.start();
    const done = s.pollNow();
    s.pollNow();
    expect(s.calls).toHaveLength(1);
    s.calls[0]!.resolve(new Set());
    await clock.advance(0);
    expect(s.calls).toHaveLength(2);
    s.calls[1]!.resolve(new Set());
    await done;
    expect(s.calls).toHaveLength(2);
    await s.stop();
  });

  it('aborts the poll in flight on stop and never polls again', async () => {
    const s = make();
    await s.start();
    await s.stop();
    expect(s.calls[0]!.signal.aborted).toBe(true);
    await clock.advance(10_000);
    expect(s.calls).toHaveLength(1);
  });
});
