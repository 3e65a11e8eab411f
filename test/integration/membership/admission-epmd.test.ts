import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { names, registerNode } from '../../../src/epmd/epmd-client.js';
import type { EpmdRegistration } from '../../../src/epmd/epmd-registration.js';
import type { NodeName, TopologyInput } from '../../../src/index.js';
import { admissionNodes } from '../../helpers/admission-nodes.js';
import { meshOf, refusalsBy, until } from '../../helpers/cluster-watch.js';
import { type EpmdUnderTest, startRealEpmd } from '../../helpers/epmd-peers.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// This file owns 127.145.1.0/24 (every node lives on .1, the host both EPMDs answer for).
// Issue 17 with the epmd strategy and transport: a node no longer registered stays out.
const HOST = '127.145.1.1';
const INDEX: Record<string, number> = { a: 1, b: 2, c: 3 };
const BASENAMES = ['', 'a', 'b', 'c'];
/** Node `a`, or node 1 (the helper counts nodes). */
const name = (n: string | number) =>
  `${typeof n === 'number' ? BASENAMES[n] : n}@${HOST}` as NodeName;

/**
 * Two real epmd on one host: `main` is what a and b ask (for names and ports), `lagging` is
 * what c asks, so c's own view keeps listing everyone after c leaves `main` (issue 17: it
 * dials back in). c registers itself with `lagging`; the test registers c's port in `main`
 * (standing for c's registration there) and a's and b's in `lagging`.
 */
let main: EpmdUnderTest;
let lagging: EpmdUnderTest;
const registrations: EpmdRegistration[] = [];
const nodes = admissionNodes('admission-epmd-test', name);
const { group } = nodes;
const node = (basename: string) => nodes.node(INDEX[basename]!);
const all = () => group([1, 2, 3]);

function startNode(basename: string, admit: 'wanted' | 'any', epmd: EpmdUnderTest) {
  const hosts: TopologyInput = {
    strategy: 'epmd',
    config: { hosts: [HOST], epmdPort: epmd.port, pollingInterval: 100, timeout: 1_000 },
  };
  return nodes.start(
    INDEX[basename]!,
    { hosts },
    {
      admit,
      transport: {
        kind: 'tcp',
        port: 0,
        tickTime: 2_000,
        epmd: { port: epmd.port, start: 'never' },
      },
    },
  );
}

async function portIn(epmd: EpmdUnderTest, basename: string): Promise<number> {
  const entry = (await names(HOST, epmd.port)).find((n) => n.name === basename);
  if (entry === undefined) throw new Error(`${basename} is not registered on ${epmd.port}`);
  return entry.port;
}

async function registerIn(epmd: EpmdUnderTest, basename: string, port: number) {
  const registration = await registerNode(HOST, epmd.port, { name: basename, port });
  registrations.push(registration);
  return registration;
}

/** a and b register in `main`, c in `lagging`; each EPMD then lists all three. */
async function threeNodes(admit: 'wanted' | 'any'): Promise<EpmdRegistration> {
  await Promise.all([startNode('a', admit, main), startNode('b', admit, main)]);
  await startNode('c', admit, lagging);
  await registerIn(lagging, 'a', await portIn(main, 'a'));
  await registerIn(lagging, 'b', await portIn(main, 'b'));
  const cInMain = await registerIn(main, 'c', await portIn(lagging, 'c'));
  await meshOf(all());
  return cInMain;
}

describe.skipIf(!hasPeerBinary('epmd'))('admission with the epmd strategy and real epmd', () => {
  beforeAll(async () => {
    main = await startRealEpmd(HOST);
    lagging = await startRealEpmd(HOST);
  });
  afterAll(async () => {
    await main?.stop();
    await lagging?.stop();
  });
  afterEach(async () => {
    await Promise.all(registrations.splice(0).map((r) => r.close()));
  });

  it("'wanted': a node unregistered from EPMD is disconnected and refused while it keeps dialing", async () => {
    const cInMain = await threeNodes('wanted');
    const ups: NodeName[] = [];
    node('a').on('nodeup', (n) => ups.push(n));
    const downs = Promise.all(
      ['a', 'b'].map((n) => until(node(n), 'nodedown', (peer) => peer === name('c'))),
    );
    const refused = Promise.all([
      refusalsBy(node('c'), name('a'), 3),
      refusalsBy(node('c'), name('b'), 3),
    ]);
    await cInMain.close();
    expect((await downs).map(([, reason]) => reason)).toEqual(['disconnect', 'disconnect']);
    await refused;

    expect(node('a').nodes()).toEqual([name('b')]);
    expect(node('b').nodes()).toEqual([name('a')]);
    expect(node('a').wanted()).toEqual([name('b')]);
    expect(ups).toEqual([]);
    expect(node('a').stats().admissionRefusals).toBeGreaterThanOrEqual(3);

    // Registered again, it is wanted again and admitted.
    await registerIn(main, 'c', await portIn(lagging, 'c'));
    await meshOf(all());
  });

  it("'any': a node unregistered from EPMD dials back in and is admitted (libcluster's behaviour)", async () => {
    const cInMain = await threeNodes('any');
    const back = until(node('a'), 'nodedown', (n) => n === name('c')).then(() =>
      until(node('a'), 'nodeup', (n) => n === name('c')),
    );
    await cInMain.close();
    await back;
    expect(node('a').wanted()).toEqual([name('b')]);
    expect(node('a').nodes().sort()).toEqual([name('b'), name('c')]);
  });
});
