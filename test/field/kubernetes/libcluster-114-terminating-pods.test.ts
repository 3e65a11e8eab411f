// Source: bitwalker/libcluster#114 ("Kubernetes cluster with 'terminating' pods": a pod in Terminating stays in the cluster until requests to it time out)
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KubernetesStrategy } from '../../../src/strategies/kubernetes/kubernetes-strategy.js';
import {
  type KubernetesWorld,
  kubernetesStrategy,
  startKubernetesWorld,
} from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.1';
let world: KubernetesWorld;
let strategy: KubernetesStrategy | undefined;

beforeEach(async () => {
  world = await startKubernetesWorld(HOST);
});
afterEach(async () => {
  await strategy?.stop();
  await world.close();
});

it('pods: a pod with a deletionTimestamp leaves at once, though still Running and Ready', async () => {
  const labels = { app: 'feed' };
  world.api.putPod({ name: 'feed-a', namespace: 'prod', labels, podIP: '10.1.0.5' });
  world.api.putPod({ name: 'feed-b', namespace: 'prod', labels, podIP: '10.1.0.6' });
  strategy = kubernetesStrategy(world, { source: 'pods', selector: 'app=feed' });
  await strategy.start();
  await strategy.ready;
  expect(sortedNames(strategy.known())).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6']);
  const diff = nextEvent(strategy, 'diff');
  // kubectl delete: the kubelet has not stopped it yet (phase Running, Ready True).
  world.api.putPod({
    name: 'feed-b',
    namespace: 'prod',
    labels,
    podIP: '10.1.0.6',
    terminating: true,
  });
  expect(await diff).toEqual({ added: [], removed: ['hello@10.1.0.6'] });
});

it('endpointslices: an endpoint marked terminating leaves at once, though still serving', async () => {
  world.api.putEndpointSlice({
    service: 'feed',
    namespace: 'prod',
    endpoints: [
      { address: '10.1.0.5', ready: true },
      { address: '10.1.0.6', ready: true },
    ],
  });
  strategy = kubernetesStrategy(world, { service: 'feed', includeNotReady: true });
  await strategy.start();
  await strategy.ready;
  const diff = nextEvent(strategy, 'diff');
  world.api.putEndpointSlice({
    service: 'feed',
    namespace: 'prod',
    endpoints: [
      { address: '10.1.0.5', ready: true },
      { address: '10.1.0.6', ready: false, serving: true, terminating: true },
    ],
  });
  expect(await diff).toEqual({ added: [], removed: ['hello@10.1.0.6'] });
});
