import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, createCluster, type NodeName } from '../../../src/index.js';
import { meshOf, until } from '../../helpers/cluster-watch.js';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// This file owns 127.145.7.0/24 (nodes; dnsmasq on .250).
// Issue 17 against real dnsmasq: self-removal under 'any', and admission while DNS is down.
const SERVICE = 'hello.muster.test';
const ip = (i: number) => `127.145.7.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;
const hostsOf = (members: number[]) => members.map((i) => `${ip(i)} ${SERVICE}`);

let dnsmasq: Dnsmasq | undefined;
/** dnsmasq's address:port, kept after it stops (the nodes keep asking it). */
let nameserver = '';
const clusters = new Map<NodeName, Cluster>();
afterEach(async () => {
  await Promise.all([...clusters.values()].map((c) => c.stop()));
  clusters.clear();
  await dnsmasq?.stop();
  dnsmasq = undefined;
});

function startNode(
  i: number,
  admit: 'wanted' | 'any',
  topology: 'dns' | 'seed' = 'dns',
): Promise<Cluster> {
  const cluster = createCluster({
    name: name(i),
    cookie: 'admission-dns-outage-test',
    debounce: 5,
    admit,
    admitPollInterval: 50,
    // Longer than the test timeout: a refusal seen here did not wait for it.
    admitWait: 40_000,
    connectTimeout: 90_000,
    startTimeout: 200,
    retry: { initialDelay: 50, maxDelay: 200 },
    transport: { kind: 'tcp', port: 4370, tickTime: 2_000, handshakeTimeout: 90_000 },
    logLevel: 'silent',
    topologies:
      topology === 'seed'
        ? { seed: { strategy: 'static', config: { nodes: [name(1)] } } }
        : {
            dns: {
              strategy: 'dns-poll',
              config: {
                query: SERVICE,
                nodeBasename: 'hello',
                pollingInterval: 100,
                nameservers: [nameserver],
                timeout: 300,
              },
            },
          },
  });
  clusters.set(name(i), cluster);
  return cluster.start().then(() => cluster);
}

const node = (i: number) => clusters.get(name(i))!;
const group = (members: number[]) => new Map(members.map((i) => [name(i), node(i)]));

describe.skipIf(!hasPeerBinary('dnsmasq'))('admission against dnsmasq, removal and outage', () => {
  it("'any': a node its own DNS no longer lists hears self:removed, keeps dialing and is admitted", async () => {
    dnsmasq = await startDnsmasq(ip(250), hostsOf([1, 2, 3]), ['--local=/test/']);
    nameserver = dnsmasq.address;
    await Promise.all([1, 2, 3].map((i) => startNode(i, 'any')));
    await meshOf(group([1, 2, 3]));

    const removed = until(node(3), 'self:removed');
    // Its peers drop it; it dials them again (libcluster's behaviour) and they admit it.
    const back = until(node(1), 'nodedown', (n) => n === name(3)).then(() =>
      until(node(1), 'nodeup', (n) => n === name(3)),
    );
    await dnsmasq.setHosts(hostsOf([1, 2]));
    await removed;
    await back;
    expect(node(3).wanted().sort()).toEqual([name(1), name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(node(1).nodes().sort()).toEqual([name(2), name(3)]);
  });

  it("'wanted': with dnsmasq stopped, known nodes stay and an unknown node is refused with the reason", async () => {
    dnsmasq = await startDnsmasq(ip(250), hostsOf([1, 2]), ['--local=/test/']);
    nameserver = dnsmasq.address;
    await Promise.all([1, 2].map((i) => startNode(i, 'wanted')));
    await meshOf(group([1, 2]));

    const failing = until(node(1), 'discovery:error');
    await dnsmasq.stop();
    dnsmasq = undefined;
    await failing;
    expect(node(1).nodes()).toEqual([name(2)]);

    const [, error] = await Promise.all([
      startNode(4, 'wanted', 'seed'),
      until(node(4), 'connect:error', (n, e) => n === name(1) && e.refusal !== undefined),
    ]).then(([, args]) => args);
    expect(error).toMatchObject({ refusal: 'not_allowed', permanent: false });
    expect(error.message).toContain('discovery is failing');
    expect(node(1).nodes()).toEqual([name(2)]);
    expect(node(1).wanted()).toEqual([name(2)]);
  });
});
