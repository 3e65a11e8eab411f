import { describe, expect, it } from 'vitest';
import type { NodeName } from '../../../src/index.js';
import { admissionNodes } from '../../helpers/admission-nodes.js';
import { refusalsBy, until } from '../../helpers/cluster-watch.js';

// This file owns 127.145.3.0/24.
// Issue 17: a static list is the allow list, and connect() adds to it until disconnect().
const name = (i: number) => `app@127.145.3.${i}` as NodeName;
const nodes = admissionNodes('admission-static-test', name);

/** Node `i` with a static list of `members` (the list is its allow list). */
const start = (i: number, members: number[], admit: 'wanted' | 'any' = 'wanted') =>
  nodes.start(i, nodes.lagging(members), { admit });

describe('static lists and admission', () => {
  it("'wanted': a node not on the acceptor's list is refused at once, with no poll, until connect()", async () => {
    // Node 1 lists itself and node 2; node 3 lists node 1 (a seed list on one side only).
    const one = await start(1, [1, 2]);
    const two = await start(2, [1, 2]);
    await until(one, 'nodeup', (n) => n === name(2));
    const three = await start(3, [1]);
    await refusalsBy(three, name(1), 2);
    expect(one.nodes()).toEqual([name(2)]);
    expect(one.stats().admissionPolls).toBe(0);
    expect(one.stats().admissionRefusals).toBeGreaterThanOrEqual(2);
    expect(two.stats().admissionRefusals).toBe(0);

    // The application on node 1 connects to node 3: both ends now want the link.
    expect(await one.connect(name(3))).toBe(true);
    expect(three.nodes()).toEqual([name(1)]);
    // disconnect() ends the allowance: node 3, still listing node 1, is refused again.
    const refusedAgain = refusalsBy(three, name(1), 1);
    await one.disconnect(name(3));
    await refusedAgain;
    expect(one.nodes()).toEqual([name(2)]);
  });

  it("'any': a node not on the acceptor's list is admitted (a seed that lists nobody)", async () => {
    const seed = await start(4, [], 'any');
    const joiner = await start(5, [4]);
    await until(joiner, 'nodeup', (n) => n === name(4));
    expect(seed.nodes()).toEqual([name(5)]);
    expect(seed.wanted()).toEqual([]);
    expect(seed.stats().admissionRefusals).toBe(0);
  });
});
