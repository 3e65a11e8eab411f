// Source: rancher/rancher#10232 (metadata versions change every few hundred ms during an upgrade; every watcher re-reads, 400% CPU)
import { afterEach, describe, expect, it } from 'vitest';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { scaledClock } from '../../helpers/scaled-clock.js';
import { rancherField } from './rancher-field.js';

// Situation: while Rancher applies an upgrade the metadata version moves on constantly, so
// every long poll comes back at once with a new version, and every new version asks for a
// fresh read of the service. Expected: a floor between requests on every path (long polls
// and the polls they trigger), so the storm costs about one request a second, not a core.

const field = rancherField('127.132.1.2');
let flapping = false;

afterEach(() => {
  flapping = false;
});

/** Bumps the version each time a long poll arrives, so each one returns at once, changed. */
async function flap(server: RancherMetadataEmulator): Promise<void> {
  while (flapping) {
    await server.waitForRequest((r) => r.longPoll);
    server.touch();
  }
}

describe('field: a Rancher metadata version that never stops changing', () => {
  it('is followed with at most about one long poll and one poll a second', async () => {
    const { md } = await field.emulator(2);
    flapping = true;
    void flap(md);
    const clock = scaledClock(10);
    const { strategy, log } = field.strategy({}, clock);
    await strategy.start();
    await strategy.ready;
    await clock.sleep(10_000);
    flapping = false;

    const longPolls = md.requests.filter((r) => r.longPoll).length;
    const reads = md.requests.length - longPolls;
    // One long poll per second of floor (plus the first), and each poll is 2 requests.
    expect(longPolls).toBeLessThanOrEqual(12);
    expect(reads).toBeLessThanOrEqual(2 * 12);
    expect(longPolls).toBeGreaterThan(2); // it kept following the changes
    expect(log.errors).toEqual([]);
    expect(log.warnings).toEqual([]);
  });
});
