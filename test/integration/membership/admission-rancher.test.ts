import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cluster,
  createCluster,
  type NodeName,
  type TopologyInput,
} from '../../../src/index.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { meshOf, refusalsBy, until } from '../../helpers/cluster-watch.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';

// This file owns 127.138.2.0/24 (nodes; the emulator on .250).
// Issue 17 with rancher-metadata's requireHealthy: a container set unhealthy stays out.
const ip = (i: number) => `127.138.2.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;

let md: RancherMetadataEmulator;
const containers = new Map<number, string>();
const clusters = new Map<NodeName, Cluster>();

/**
 * Nodes 1 and 2 follow the metadata API; node 3's own view lags (a static list of all three),
 * so it keeps dialing whatever the API says about it.
 */
function startNode(i: number, admit: 'wanted' | 'any'): Promise<Cluster> {
  const topologies: Record<string, TopologyInput> =
    i === 3
      ? { lagging: { strategy: 'static', config: { nodes: [1, 2, 3].map(name) } } }
      : {
          rancher: {
            strategy: 'rancher-metadata',
            config: {
              nodeBasename: 'hello',
              url: md.url,
              service: { stack: 'prod', name: 'hello' },
              pollingInterval: 100,
              longPoll: false,
            },
          },
        };
  const cluster = createCluster({
    name: name(i),
    cookie: 'admission-rancher-test',
    debounce: 5,
    admit,
    admitPollInterval: 50,
    retry: { initialDelay: 50, maxDelay: 200 },
    transport: { kind: 'tcp', port: 4370, tickTime: 2_000 },
    logLevel: 'silent',
    topologies,
  });
  clusters.set(name(i), cluster);
  return cluster.start().then(() => cluster);
}

const node = (i: number) => clusters.get(name(i))!;
const all = () => new Map([1, 2, 3].map((i) => [name(i), node(i)]));

beforeAll(async () => {
  md = await startEmulator(ip(250));
});
afterAll(async () => {
  await md.stop();
});
afterEach(async () => {
  await Promise.all([...clusters.values()].map((c) => c.stop()));
  clusters.clear();
  md.removeService('prod', 'hello');
});

function healthyService(): void {
  const names = md.addService({ stack: 'prod', name: 'hello', scale: 3, healthCheck: true });
  names.forEach((c, k) => {
    md.setPrimaryIp(c, ip(k + 1));
    containers.set(k + 1, c);
  });
}

describe('admission with rancher-metadata requireHealthy', () => {
  it("'wanted': an unhealthy container stays out, and each flap back in is admitted", async () => {
    healthyService();
    await Promise.all([1, 2, 3].map((i) => startNode(i, 'wanted')));
    await meshOf(all());

    for (let flap = 0; flap < 2; flap++) {
      const downs = Promise.all(
        [1, 2].map((i) => until(node(i), 'nodedown', (n) => n === name(3))),
      );
      const refused = refusalsBy(node(3), name(1), 2);
      md.setHealth(containers.get(3)!, 'unhealthy');
      expect((await downs).map(([, reason]) => reason)).toEqual(['disconnect', 'disconnect']);
      await refused;
      expect(node(1).nodes()).toEqual([name(2)]);
      expect(node(2).nodes()).toEqual([name(1)]);

      md.setHealth(containers.get(3)!, 'healthy');
      await meshOf(all());
    }
    expect(node(1).stats().admissionRefusals).toBeGreaterThanOrEqual(2);
  });

  it("'any': an unhealthy container dials back in and is admitted (libcluster's behaviour)", async () => {
    healthyService();
    await Promise.all([1, 2, 3].map((i) => startNode(i, 'any')));
    await meshOf(all());
    const back = until(node(1), 'nodedown', (n) => n === name(3)).then(() =>
      until(node(1), 'nodeup', (n) => n === name(3)),
    );
    md.setHealth(containers.get(3)!, 'unhealthy');
    await back;
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(node(1).nodes().sort()).toEqual([name(2), name(3)]);
  });
});
