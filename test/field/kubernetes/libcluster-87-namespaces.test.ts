// Source: bitwalker/libcluster#87 (nodes in one namespace cluster with a service in another: the namespace must be configurable, not only read from the service account)
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { KubernetesForbiddenError } from '../../../src/strategies/kubernetes/kubernetes-errors.js';
import type { KubernetesStrategy } from '../../../src/strategies/kubernetes/kubernetes-strategy.js';
import {
  type KubernetesWorld,
  kubernetesStrategy,
  startKubernetesWorld,
  TOKEN,
} from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.4';
let world: KubernetesWorld;
let strategy: KubernetesStrategy | undefined;

beforeEach(async () => {
  world = await startKubernetesWorld(HOST); // this pod runs in 'prod'
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [{ address: '10.1.0.5' }],
  });
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'shared',
    endpoints: [{ address: '10.9.0.5' }, { address: '10.9.0.6' }],
  });
});
afterEach(async () => {
  await strategy?.stop();
  await world.close();
});

it('`namespace` reads the peers of another namespace', async () => {
  strategy = kubernetesStrategy(world, { service: 'hello', namespace: 'shared' });
  await strategy.start();
  await strategy.ready;
  expect(sortedNames(strategy.known())).toEqual(['hello@10.9.0.5', 'hello@10.9.0.6']);
  expect(world.api.requests.every((r) => r.namespace === 'shared')).toBe(true);
});

it('a Role only in its own namespace: the 403 names the namespace the Role must be in', async () => {
  world.api.addToken(TOKEN, {
    rules: [{ verbs: ['list', 'watch'], resources: ['endpointslices'], namespaces: ['prod'] }],
  });
  strategy = kubernetesStrategy(world, { service: 'hello', namespace: 'shared' });
  const failed = nextEvent(strategy, 'error');
  await strategy.start();
  const err = (await failed) as KubernetesForbiddenError;
  expect(err.code).toBe('MUSTER_ERR_KUBERNETES_FORBIDDEN');
  expect(err.access.namespace).toBe('shared');
  expect(err.message).toContain('list endpointslices.discovery.k8s.io in namespace shared');
});
