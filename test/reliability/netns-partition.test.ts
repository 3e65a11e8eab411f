import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetnsLab, type NetnsNode, netnsAvailable } from '../helpers/netns.js';
import { report } from './cluster-helpers.js';

// Hosts are network namespaces on a bridge, addressed 198.18.<SUBNET>.<i>/24.
const SUBNET = 1 + (process.pid % 200);
const TICK = 1_000;
const COOKIE = 'netns-cookie-not-secret';
const available = netnsAvailable();

let lab: NetnsLab | undefined;
let running: NetnsNode[] = [];

beforeAll(() => {
  if (available) lab = new NetnsLab(4, SUBNET);
});

afterAll(async () => {
  await lab?.destroy();
});

async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((n) => lab!.stopNode(n)));
}

const nameOf = (i: number) => `app@198.18.${SUBNET}.${i}`;

describe.skipIf(!available)('muster across network namespaces', () => {
  it('a cut link: both sides see nodedown by tick timeout, the rest holds, and it heals', async () => {
    const l = lab!;
    const all = [1, 2, 3].map(nameOf);
    const opts = { basename: 'app', nodes: all, tickTime: TICK, cookie: COOKIE };
    running = await Promise.all([1, 2, 3].map((i) => l.startNode(i, opts)));
    const [n1, n2, n3] = running as [NetnsNode, NetnsNode, NetnsNode];
    await Promise.all(
      running.flatMap((n) => all.filter((m) => m !== n.name).map((m) => n.waitUp(m))),
    );

    const marks = running.map((n) => n.events.length);
    const cutAt = Date.now();
    l.cut(3);
    const downs = await Promise.all([
      n1.waitDown(n3.name, marks[0]),
      n2.waitDown(n3.name, marks[1]),
      n3.waitDown(n1.name, marks[2]),
      n3.waitDown(n2.name, marks[2]),
    ]);
    for (const d of downs) {
      expect(d.reason).toBe('tick_timeout');
      // The transport's bound is tickTime plus one sweep (tickTime/8) after the last byte; the
      // loose factor only tells a tick from TCP's own retransmission timeout (minutes).
      expect(d.t - cutAt).toBeLessThan(3 * TICK);
    }
    report(
      'netns cut -> nodedown ms',
      downs.map((d) => d.t - cutAt),
    );
    // The pair on the intact side never noticed anything.
    expect(n1.count('nodedown', n2.name) + n2.count('nodedown', n1.name)).toBe(0);
    expect((await n1.state()).nodes).toEqual([n2.name]);
    // The cut side redials and fails while the link is down: never a nodeup through it.
    expect((await n3.state()).nodes).toEqual([]);

    const healMarks = running.map((n) => n.events.length);
    l.heal(3);
    await Promise.all([
      n1.waitUp(n3.name, healMarks[0]),
      n2.waitUp(n3.name, healMarks[1]),
      n3.waitUp(n1.name, healMarks[2]),
      n3.waitUp(n2.name, healMarks[2]),
    ]);
    for (const n of running) {
      const s = await n.state();
      expect(s.nodes).toEqual(all.filter((m) => m !== n.name).sort());
      expect(s.sockets).toBe(2);
    }
    // Every nodeup has its nodedown or is the current connection: 2 ups, 1 down per cut pair.
    expect([n1.count('nodeup', n3.name), n1.count('nodedown', n3.name)]).toEqual([2, 1]);
    expect([n3.count('nodeup', n1.name), n3.count('nodedown', n1.name)]).toEqual([2, 1]);
    await stopAll();
  }, 60_000);

  it('two nodes started at different times, with clocks an hour apart, form one connection', async () => {
    const l = lab!;
    const all = [3, 4].map(nameOf);
    const base = { basename: 'app', nodes: all, tickTime: TICK, cookie: COOKIE };
    for (let round = 0; round < 2; round++) {
      const early = await l.startNode(3, { ...base, clockOffsetMs: 3_600_000 });
      running.push(early);
      // The early node dials, gets refused (nothing listens yet) and backs off; then the late
      // one starts and dials too, so their dials may cross at any moment.
      const late = await l.startNode(4, { ...base, clockOffsetMs: -3_600_000 });
      running.push(late);
      await Promise.all([early.waitUp(late.name), late.waitUp(early.name)]);
      const states = await Promise.all([early.state(), late.state()]);
      expect(states.map((s) => s.sockets)).toEqual([1, 1]);
      expect(states.map((s) => s.nodes)).toEqual([[late.name], [early.name]]);
      // A later tick round still shows one connection and no flapping.
      await early.state();
      expect([early.count('nodeup', late.name), late.count('nodeup', early.name)]).toEqual([1, 1]);
      expect(early.count('nodedown', late.name) + late.count('nodedown', early.name)).toBe(0);
      await stopAll();
    }
  }, 60_000);
});
