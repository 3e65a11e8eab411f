import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster, type NodeName } from '../../../src/index.js';
import { meshOf, ownPolls, refusalsBy, until } from '../../helpers/cluster-watch.js';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// This file owns 127.138.1.0/24 (nodes), 127.138.1.250 and .251 (two dnsmasq).
// Issue 17: a node that discovery removed stays out ('wanted'), comes back ('any').
const SERVICE = 'hello.muster.test';
const ip = (i: number) => `127.138.1.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;
const hostsOf = (members: number[]) => members.map((i) => `${ip(i)} ${SERVICE}`);

let dnsmasq: Dnsmasq;
/** A second server whose answer never changes: a node's view that lags (a cache, split DNS). */
let stale: Dnsmasq;
const clusters = new Map<NodeName, Cluster>();

function startNode(
  i: number,
  options: { admit?: 'wanted' | 'any'; pollingInterval?: number; server?: Dnsmasq } = {},
): Promise<Cluster> {
  const cluster = createCluster({
    name: name(i),
    cookie: 'admission-dnsmasq-test',
    debounce: 5,
    admit: options.admit ?? 'wanted',
    admitPollInterval: 50,
    retry: { initialDelay: 50, maxDelay: 200 },
    transport: { kind: 'tcp', port: 4370, tickTime: 2_000 },
    logLevel: 'silent',
    topologies: {
      dns: {
        strategy: 'dns-poll',
        config: {
          query: SERVICE,
          nodeBasename: 'hello',
          pollingInterval: options.pollingInterval ?? 100,
          nameservers: [(options.server ?? dnsmasq).address],
        },
      },
    },
  });
  clusters.set(name(i), cluster);
  return cluster.start().then(() => cluster);
}

const node = (i: number) => clusters.get(name(i))!;
const group = (members: number[]) => new Map(members.map((i) => [name(i), node(i)]));

describe.skipIf(!hasPeerBinary('dnsmasq'))('admission against dnsmasq', () => {
  beforeAll(async () => {
    dnsmasq = await startDnsmasq(ip(250), [], ['--local=/test/']);
    stale = await startDnsmasq(ip(251), [], ['--local=/test/']);
  });
  afterAll(async () => {
    await dnsmasq?.stop();
    await stale?.stop();
  });
  afterEach(async () => {
    await Promise.all([...clusters.values()].map((c) => c.stop()));
    clusters.clear();
  });

  it("'wanted': a node taken out of DNS is disconnected and refused while it keeps running", async () => {
    await dnsmasq.setHosts(hostsOf([1, 2, 3]));
    // Node 3's own view still lists everyone after the change (issue 17: it dials back in).
    await stale.setHosts(hostsOf([1, 2, 3]));
    await Promise.all([startNode(1), startNode(2), startNode(3, { server: stale })]);
    await meshOf(group([1, 2, 3]));

    const ups: NodeName[] = [];
    node(1).on('nodeup', (n) => ups.push(n));
    const down = until(node(1), 'nodedown', (n) => n === name(3));
    // Node 3 keeps dialing the nodes it still knew; each dial is refused as not wanted.
    const refused = refusalsBy(node(3), name(1), 3);
    await dnsmasq.setHosts(hostsOf([1, 2]));
    expect((await down)[1]).toBe('disconnect');
    await refused;

    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(ups).toEqual([]);
    expect(node(1).stats().admissionRefusals).toBeGreaterThanOrEqual(3);
    expect(node(1).stats().admissionPolls).toBeGreaterThanOrEqual(1);
  });

  it("'wanted': the refused dialer hears not_allowed, retryable, with the reason in words", async () => {
    await dnsmasq.setHosts(hostsOf([4]));
    await startNode(4);
    // Node 5's own DNS lists node 4; node 4's does not list node 5.
    const five = createCluster({
      name: name(5),
      cookie: 'admission-dnsmasq-test',
      retry: { initialDelay: 50, maxDelay: 200 },
      transport: { kind: 'tcp', port: 4370 },
      logLevel: 'silent',
      topologies: { seed: { strategy: 'static', config: { nodes: [name(4)] } } },
    });
    clusters.set(name(5), five);
    const [, error] = await Promise.all([five.start(), until(five, 'connect:error')]).then(
      ([, args]) => args,
    );
    expect(error).toMatchObject({
      code: 'MUSTER_ERR_CONNECT_REFUSED',
      refusal: 'not_allowed',
      permanent: false,
    });
    expect(error.message).toContain('not wanted');
    // It backs off and tries again (the usual backoff; a permanent failure would wait 200 ms
    // and announce once).
    await refusalsBy(five, name(4), 2);
    expect(node(4).nodes()).toEqual([]);
  });

  it("'any': a node taken out of DNS dials back in and is admitted (libcluster's behaviour)", async () => {
    await dnsmasq.setHosts(hostsOf([6, 7, 8]));
    await stale.setHosts(hostsOf([6, 7, 8]));
    await Promise.all([
      startNode(6, { admit: 'any' }),
      startNode(7, { admit: 'any' }),
      startNode(8, { admit: 'any', server: stale }),
    ]);
    await meshOf(group([6, 7, 8]));

    const down = until(node(6), 'nodedown', (n) => n === name(8));
    const back = down.then(() => until(node(6), 'nodeup', (n) => n === name(8)));
    await dnsmasq.setHosts(hostsOf([6, 7]));
    await back;
    expect(node(6).wanted()).toEqual([name(7)]);
    expect(node(6).nodes().sort()).toEqual([name(7), name(8)]);
  });

  it('a new node joins within one DNS round trip of its record, not one polling interval', async () => {
    await dnsmasq.setHosts(hostsOf([10, 11]));
    // A minute between polls: only the poll its dial triggers can explain the join.
    await Promise.all([10, 11].map((i) => startNode(i, { pollingInterval: 60_000 })));
    await meshOf(group([10, 11]));

    await dnsmasq.setHosts(hostsOf([10, 11, 12]));
    const refusals: NodeName[] = [];
    const twelve = startNode(12, { pollingInterval: 60_000 });
    node(12).on('connect:error', (n, error) => error.refusal && refusals.push(n));
    await twelve;
    await meshOf(group([10, 11, 12]));
    // Its first dials were held while the acceptors polled, not refused and retried.
    expect(refusals).toEqual([]);
    for (const i of [10, 11]) {
      expect(node(i).wanted().sort()).toEqual(
        [name(10), name(11), name(12)].filter((n) => n !== name(i)),
      );
      expect(node(i).stats().admissionPolls).toBeGreaterThanOrEqual(1);
    }
  });

  it('a node its own DNS no longer lists hears self:removed, dials nobody, and comes back', async () => {
    await dnsmasq.setHosts(hostsOf([20, 21, 22]));
    await Promise.all([20, 21, 22].map((i) => startNode(i)));
    await meshOf(group([20, 21, 22]));

    const removed = until(node(22), 'self:removed');
    const gone = Promise.all([
      until(node(20), 'nodedown', (n) => n === name(22)),
      until(node(21), 'nodedown', (n) => n === name(22)),
    ]);
    await dnsmasq.setHosts(hostsOf([20, 21]));
    await removed;
    await gone;
    const attempts = node(22).stats().connectAttempts;
    // Six of its own polls later (600 ms: three times retry.maxDelay), it has dialed nobody.
    await ownPolls(node(22), 'dns', 6);
    expect(node(22).stats().connectAttempts).toBe(attempts);
    expect(node(22).nodes()).toEqual([]);
    expect(node(22).wanted().sort()).toEqual([name(20), name(21)]);

    // Its health flaps back: listed again, it says so and the mesh forms again.
    const restored = until(node(22), 'self:restored');
    await dnsmasq.setHosts(hostsOf([20, 21, 22]));
    await restored;
    await meshOf(group([20, 21, 22]));
  });
});
