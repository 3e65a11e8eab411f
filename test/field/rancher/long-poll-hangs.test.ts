// Source: rancher/go-rancher-metadata#54 (a `version?wait=true` request that outlives the client's timeout must be retried, not end the watch)
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../../helpers/rancher-fixtures.js';
import { rancherField } from './rancher-field.js';

// Situation: the metadata service (or a proxy in front of it) holds long polls and never
// answers them, past maxWait. Expected: each long poll is cut at maxWait plus the request
// timeout and asked again after a pause; interval polls keep following the service, and the
// stuck long polls are not reported as discovery errors.

const field = rancherField('127.132.1.3');

describe('field: long polls that hang past their wait', () => {
  it('are cut and retried while interval polls carry on', async () => {
    const { md } = await field.emulator(1);
    md.injectFault({ kind: 'hang' }, { match: 'long-poll' });
    const { strategy, log } = field.strategy({
      pollingInterval: 200,
      longPollMaxWait: 1_000,
      timeout: 300,
    });
    const first = md.waitForRequest((r) => r.longPoll);
    await strategy.start();
    await first;
    const second = md.waitForRequest((r) => r.longPoll);
    await second; // the first was given up on (after 1.3 s) and a new one sent

    const changed = nextEvent(strategy, 'diff');
    md.scale('prod', 'hello', 2);
    expect((await changed).added).toHaveLength(1);
    expect(log.errors).toEqual([]);
    expect(log.warnings).toEqual([]);
  });
});
