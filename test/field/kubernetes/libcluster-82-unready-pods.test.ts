// Source: bitwalker/libcluster#82 (a readiness probe that passes only once the node is in the cluster: no pod is listed until one is ready)
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KubernetesStrategy } from '../../../src/strategies/kubernetes/kubernetes-strategy.js';
import {
  type KubernetesWorld,
  kubernetesStrategy,
  startKubernetesWorld,
} from '../../helpers/kubernetes-fixtures.js';
import { sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.3';
let world: KubernetesWorld;
let strategy: KubernetesStrategy | undefined;

beforeEach(async () => {
  world = await startKubernetesWorld(HOST);
  // Three fresh pods whose readiness waits for the cluster: none is ready yet.
  const notReady = (address: string) => ({
    address,
    ready: false,
    serving: false,
    terminating: false,
  });
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: ['10.1.0.5', '10.1.0.6', '10.1.0.7'].map(notReady),
  });
  for (const [i, ip] of ['10.1.0.5', '10.1.0.6', '10.1.0.7'].entries()) {
    world.api.putPod({
      name: `hello-${i}`,
      namespace: 'prod',
      labels: { app: 'hello' },
      podIP: ip,
      ready: false,
    });
  }
});
afterEach(async () => {
  await strategy?.stop();
  await world.close();
});

it('by default nobody is wanted: the deadlock the report describes', async () => {
  strategy = kubernetesStrategy(world, { service: 'hello' });
  await strategy.start();
  await strategy.ready;
  expect(sortedNames(strategy.known())).toEqual([]);
});

for (const source of ['endpointslices', 'pods'] as const) {
  it(`includeNotReady lets not-ready pods find each other (${source})`, async () => {
    const config = source === 'pods' ? { source, selector: 'app=hello' } : { service: 'hello' };
    strategy = kubernetesStrategy(world, { ...config, includeNotReady: true });
    await strategy.start();
    await strategy.ready;
    expect(sortedNames(strategy.known())).toEqual([
      'hello@10.1.0.5',
      'hello@10.1.0.6',
      'hello@10.1.0.7',
    ]);
  });
}
