import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster, NodeName, TopologyInput } from '../../../src/index.js';
import { admissionNodes } from '../../helpers/admission-nodes.js';
import { meshOf, refusalsBy, until } from '../../helpers/cluster-watch.js';
import { type KubernetesWorld, startKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';

// This file owns 127.145.5.0/24 (pods; the API emulator on .250).
// Issue 17 with the kubernetes strategy: a pod that fails its readiness probe stays out.
const ip = (i: number) => `127.145.5.${i}`;
const name = (i: number) => `hello@${ip(i)}` as NodeName;

let world: KubernetesWorld;
const nodes = admissionNodes('admission-kubernetes-test', name);
const { node, group } = nodes;
const all = () => group([1, 2, 3]);

function pod(i: number, ready: boolean): void {
  world.api.putPod({
    name: `hello-${i}`,
    namespace: 'prod',
    labels: { app: 'hello' },
    podIP: ip(i),
    ready,
  });
}

/**
 * Pods 1 and 2 watch the API (ready pods only, the default); pod 3's own view lags (a static
 * list of all three), so its process keeps dialing whatever the API says about it.
 */
function startNode(i: number, admit: 'wanted' | 'any'): Promise<Cluster> {
  const k8s: TopologyInput = {
    strategy: 'kubernetes',
    config: { nodeBasename: 'hello', source: 'pods', selector: 'app=hello', ...world.config },
  };
  return nodes.start(i, i === 3 ? nodes.lagging([1, 2, 3]) : { k8s }, { admit });
}

beforeAll(async () => {
  world = await startKubernetesWorld(ip(250));
});
afterAll(async () => {
  await world.close();
});
afterEach(() => {
  for (const i of [1, 2, 3]) world.api.delete('pods', 'prod', `hello-${i}`);
});

describe('admission with the kubernetes strategy', () => {
  it("'wanted': a pod that turns not-ready stays out while it keeps dialing, and returns when ready", async () => {
    for (const i of [1, 2, 3]) pod(i, true);
    await Promise.all([1, 2, 3].map((i) => startNode(i, 'wanted')));
    await meshOf(all());

    for (let flap = 0; flap < 2; flap++) {
      const downs = Promise.all(
        [1, 2].map((i) => until(node(i), 'nodedown', (n) => n === name(3))),
      );
      const refused = Promise.all([
        refusalsBy(node(3), name(1), 3),
        refusalsBy(node(3), name(2), 3),
      ]);
      pod(3, false);
      expect((await downs).map(([, reason]) => reason)).toEqual(['disconnect', 'disconnect']);
      await refused;
      expect(node(1).nodes()).toEqual([name(2)]);
      expect(node(2).nodes()).toEqual([name(1)]);
      expect(node(1).stats().admissionRefusals).toBeGreaterThanOrEqual(3);

      pod(3, true);
      await meshOf(all());
    }
  });

  it("'any': a not-ready pod dials back in and is admitted (libcluster's behaviour)", async () => {
    for (const i of [1, 2, 3]) pod(i, true);
    await Promise.all([1, 2, 3].map((i) => startNode(i, 'any')));
    await meshOf(all());
    const back = until(node(1), 'nodedown', (n) => n === name(3)).then(() =>
      until(node(1), 'nodeup', (n) => n === name(3)),
    );
    pod(3, false);
    await back;
    expect(node(1).wanted()).toEqual([name(2)]);
    expect(node(1).nodes().sort()).toEqual([name(2), name(3)]);
  });
});
