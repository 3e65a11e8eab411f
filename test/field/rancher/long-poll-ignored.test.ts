// Source: rancher/rancher-metadata#25 (long polling on `version` arrived in late 2016; older metadata services answer `?wait=true` at once)
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../../helpers/rancher-fixtures.js';
import { scaledClock } from '../../helpers/scaled-clock.js';
import { rancherField } from './rancher-field.js';

// Situation: the host's metadata service predates long polling. It answers
// `version?wait=true&value=V` at once with V, unchanged, instead of holding the request.
// Expected: muster notices, says so once, falls back to interval polls, and over 10 s of its
// own time sends a handful of requests (the code it started from sent thousands a second).

const field = rancherField('127.132.1.1');

describe('field: a Rancher metadata service that ignores long polls', () => {
  it('is detected, reported once, and polled at the interval: a handful of requests in 10 s', async () => {
    const { md } = await field.emulator(2);
    md.injectFault({ kind: 'ignore-long-poll' }, { match: 'long-poll' });
    // Ten times the wall's speed: 10 s of the strategy's time in about 1 s.
    const clock = scaledClock(10);
    const { strategy, log } = field.strategy({}, clock);
    await strategy.start();
    await strategy.ready;
    await clock.sleep(10_000);

    // Polls at 0 s, ~5 s and maybe ~10 s (2 requests each), and the 2 long polls that told.
    expect(md.requests.length).toBeLessThanOrEqual(10);
    expect(md.requests.filter((r) => r.longPoll).length).toBeLessThanOrEqual(2);
    expect(log.warnings.map((w) => w.code)).toEqual(['MUSTER_ERR_RANCHER_LONG_POLL_UNSUPPORTED']);
    expect(log.errors).toEqual([]);

    // Interval polling still follows the service.
    const changed = nextEvent(strategy, 'diff');
    md.scale('prod', 'hello', 3);
    expect((await changed).added).toHaveLength(1);
    expect(log.warnings).toHaveLength(1);
  });
});
