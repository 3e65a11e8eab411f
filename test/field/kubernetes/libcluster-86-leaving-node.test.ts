// Source: bitwalker/libcluster#86 (a pod that got SIGTERM leaves the pod list and is disconnected before its graceful shutdown is done)
import { expect, it } from 'vitest';
import { useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { fieldCluster } from './field-cluster.js';

const HOST = '127.136.7.2';

const k8s = useKubernetesWorld(HOST, (world) => {
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [{ address: '10.1.0.5' }, { address: '10.1.0.6' }],
  });
});

const terminate = () =>
  k8s.world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [
      { address: '10.1.0.5' },
      { address: '10.1.0.6', ready: false, serving: true, terminating: true },
    ],
  });

it('with disconnectOnRemove: false the leaving pod stays connected until it goes itself', async () => {
  const f = fieldCluster(k8s.world, { service: 'hello' }, { disconnectOnRemove: false });
  const cluster = f.cluster;
  k8s.onCleanup(() => cluster.stop());
  await cluster.start();
  await cluster.ready({ minNodes: 2, timeout: 10_000 });
  terminate();
  await waitFor(() => cluster.wanted().length === 1);
  // A later change: once it is connected, the removal's batch has long been handled.
  k8s.world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    name: 'hello-b',
    endpoints: [{ address: '10.1.0.7' }],
  });
  await waitFor(() => f.connects.includes('hello@10.1.0.7'));
  expect(f.disconnects).toEqual([]);
  expect(cluster.nodes().sort()).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6', 'hello@10.1.0.7']);
});

it('by default the terminating pod is disconnected: it no longer serves the cluster', async () => {
  const f = fieldCluster(k8s.world, { service: 'hello' });
  const cluster = f.cluster;
  k8s.onCleanup(() => cluster.stop());
  await cluster.start();
  await cluster.ready({ minNodes: 2, timeout: 10_000 });
  terminate();
  await waitFor(() => f.disconnects.length > 0);
  expect(f.disconnects).toEqual(['hello@10.1.0.6']);
  expect(cluster.nodes()).toEqual(['hello@10.1.0.5']);
});

async function waitFor(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 5));
}
