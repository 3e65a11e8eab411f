// Source: rancher/rancher#25474 (the metadata service of a loaded Rancher 1.6 host took over a minute to reload its answers; requests stalled meanwhile)
import { describe, expect, it } from 'vitest';
import { namesOf, sortedNames } from '../../helpers/rancher-fixtures.js';
import { rancherField } from './rancher-field.js';

// Situation: the metadata service stalls for a while (CPU starved, reloading its answers) and
// every read takes longer than the request timeout. libcluster's Rancher strategy turned any
// failed read into "no nodes" and dropped the cluster. Expected: each poll fails with
// MUSTER_ERR_RANCHER_TIMEOUT and keeps the nodes it knew; the first poll after the stall
// reports the service as it then is.

const field = rancherField('127.132.1.4');

describe('field: a metadata service that stalls', () => {
  it('keeps the known nodes through timed-out polls and recovers after', async () => {
    const { md, names } = await field.emulator(3);
    const { strategy, log } = field.strategy({
      pollingInterval: 3_600_000,
      longPoll: false,
      timeout: 200,
    });
    await strategy.start();
    await strategy.ready;
    expect(sortedNames(strategy.known())).toEqual(namesOf(md, names));

    const stall = md.injectFault({ kind: 'delay', ms: 2_000 }, { match: 'reads' });
    for (let poll = 0; poll < 3; poll++) await strategy.pollNow();
    expect(log.errors.map((e) => e.code)).toEqual(Array(3).fill('MUSTER_ERR_RANCHER_TIMEOUT'));
    expect(sortedNames(strategy.known())).toEqual(namesOf(md, names));
    expect(log.diffs).toHaveLength(1);

    stall();
    const now = md.scale('prod', 'hello', 2);
    await strategy.pollNow();
    expect(sortedNames(strategy.known())).toEqual(namesOf(md, now));
  });
});
