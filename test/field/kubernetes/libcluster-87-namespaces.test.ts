// Source: bitwalker/libcluster#87 (nodes in one namespace cluster with a service in another: the namespace must be configurable, not only read from the service account)
import { expect, it } from 'vitest';
import type { KubernetesForbiddenError } from '../../../src/strategies/kubernetes/kubernetes-errors.js';
import { TOKEN, useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { nextEvent, sortedNames } from '../../helpers/rancher-fixtures.js';

const HOST = '127.136.7.4';

const k8s = useKubernetesWorld(HOST, (world) => {
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

it('`namespace` reads the peers of another namespace', async () => {
  const strategy = k8s.strategy({ service: 'hello', namespace: 'shared' });
  await strategy.start();
  await strategy.ready;
  expect(sortedNames(strategy.known())).toEqual(['hello@10.9.0.5', 'hello@10.9.0.6']);
  expect(k8s.world.api.requests.every((r) => r.namespace === 'shared')).toBe(true);
});

it('a Role only in its own namespace: the 403 names the namespace the Role must be in', async () => {
  k8s.world.api.addToken(TOKEN, {
    rules: [{ verbs: ['list', 'watch'], resources: ['endpointslices'], namespaces: ['prod'] }],
  });
  const strategy = k8s.strategy({ service: 'hello', namespace: 'shared' });
  const failed = nextEvent(strategy, 'error');
  await strategy.start();
  const err = (await failed) as KubernetesForbiddenError;
  expect(err.code).toBe('MUSTER_ERR_KUBERNETES_FORBIDDEN');
  expect(err.access.namespace).toBe('shared');
  expect(err.message).toContain('list endpointslices.discovery.k8s.io in namespace shared');
});
