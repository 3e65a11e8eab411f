// Source: bitwalker/libcluster#114 ("Kubernetes cluster with 'terminating' pods": a pod in Terminating stays in the cluster until requests to it time out)
import { expect, it } from 'vitest';
import { useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.1';

const k8s = useKubernetesWorld(HOST);

it('pods: a pod with a deletionTimestamp leaves at once, though still Running and Ready', async () => {
  const labels = { app: 'feed' };
  k8s.world.api.putPod({ name: 'feed-a', namespace: 'prod', labels, podIP: '10.1.0.5' });
  k8s.world.api.putPod({ name: 'feed-b', namespace: 'prod', labels, podIP: '10.1.0.6' });
  const strategy = k8s.strategy({ source: 'pods', selector: 'app=feed' });
  await strategy.start();
  await strategy.ready;
  expect(sortedNames(strategy.known())).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6']);
  const diff = nextEvent(strategy, 'diff');
  // kubectl delete: the kubelet has not stopped it yet (phase Running, Ready True).
  k8s.world.api.putPod({
    name: 'feed-b',
    namespace: 'prod',
    labels,
    podIP: '10.1.0.6',
    terminating: true,
  });
  expect(await diff).toEqual({ added: [], removed: ['hello@10.1.0.6'] });
});

it('endpointslices: an endpoint marked terminating leaves at once, though still serving', async () => {
  k8s.world.api.putEndpointSlice({
    service: 'feed',
    namespace: 'prod',
    endpoints: [
      { address: '10.1.0.5', ready: true },
      { address: '10.1.0.6', ready: true },
    ],
  });
  const strategy = k8s.strategy({ service: 'feed', includeNotReady: true });
  await strategy.start();
  await strategy.ready;
  const diff = nextEvent(strategy, 'diff');
  k8s.world.api.putEndpointSlice({
    service: 'feed',
    namespace: 'prod',
    endpoints: [
      { address: '10.1.0.5', ready: true },
      { address: '10.1.0.6', ready: false, serving: true, terminating: true },
    ],
  });
  expect(await diff).toEqual({ added: [], removed: ['hello@10.1.0.6'] });
});
