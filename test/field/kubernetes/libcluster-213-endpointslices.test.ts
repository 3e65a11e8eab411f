// Source: bitwalker/libcluster#213 (the Kubernetes strategy polls the deprecated v1 Endpoints; it should read EndpointSlices)
import { expect, it } from 'vitest';
import { useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { nextEvent } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.5';

const k8s = useKubernetesWorld(HOST);

it('reads only discovery.k8s.io/v1 EndpointSlices, joined across the slices the controller splits a Service into', async () => {
  // The controller caps slices at 100 endpoints by default: 250 pods make three slices.
  const ips = Array.from({ length: 250 }, (_, i) => `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`);
  for (let s = 0; s < 3; s++) {
    k8s.world.api.putEndpointSlice({
      service: 'hello',
      namespace: 'prod',
      name: `hello-${s}`,
      endpoints: ips.slice(s * 100, s * 100 + 100).map((address) => ({ address, ready: true })),
    });
  }
  const strategy = k8s.strategy({ service: 'hello' });
  await strategy.start();
  await strategy.ready;
  expect(strategy.known().size).toBe(250);
  expect(new Set(k8s.world.api.requests.map((r) => r.path))).toEqual(
    new Set(['/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices']),
  );
  // One pod moves from one slice to another (two writes): it never leaves the cluster.
  const log: string[] = [];
  strategy.on('diff', (d) => log.push(...d.removed));
  const moved = ips[0]!;
  k8s.world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    name: 'hello-2',
    endpoints: [...ips.slice(200), moved].map((address) => ({ address, ready: true })),
  });
  k8s.world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    name: 'hello-0',
    endpoints: ips.slice(1, 100).map((address) => ({ address, ready: true })),
  });
  const added = nextEvent(strategy, 'diff');
  k8s.world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    name: 'hello-3',
    endpoints: [{ address: '10.1.9.9' }],
  });
  expect((await added).added).toEqual(['hello@10.1.9.9']);
  expect(log).toEqual([]);
  expect(strategy.known().size).toBe(251);
});
