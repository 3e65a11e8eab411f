// Source: bitwalker/libcluster#82 (a readiness probe that passes only once the node is in the cluster: no pod is listed until one is ready)
import { expect, it } from 'vitest';
import { useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.3';

const k8s = useKubernetesWorld(HOST, (world) => {
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

it('by default nobody is wanted: the deadlock the report describes', async () => {
  const strategy = k8s.strategy({ service: 'hello' });
  await strategy.start();
  await strategy.ready;
  expect(sortedNames(strategy.known())).toEqual([]);
});

for (const source of ['endpointslices', 'pods'] as const) {
  it(`includeNotReady lets not-ready pods find each other (${source})`, async () => {
    const config = source === 'pods' ? { source, selector: 'app=hello' } : { service: 'hello' };
    const strategy = k8s.strategy({ ...config, includeNotReady: true });
    await strategy.start();
    await strategy.ready;
    expect(sortedNames(strategy.known())).toEqual([
      'hello@10.1.0.5',
      'hello@10.1.0.6',
      'hello@10.1.0.7',
    ]);
  });
}
