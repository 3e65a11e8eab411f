// Source: bitwalker/libcluster#82 (an API error returned an empty node list, and libcluster disconnected the whole cluster; a 403 from missing RBAC reads as "no pods")
import { expect, it } from 'vitest';
import type { MusterError } from '../../../src/core/errors.js';
import { TOKEN, useKubernetesWorld } from '../../helpers/kubernetes-fixtures.js';
import { fieldCluster } from './field-cluster.js';

const HOST = '127.136.7.6';

const k8s = useKubernetesWorld(HOST, (world) => {
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [{ address: '10.1.0.5' }, { address: '10.1.0.6' }],
  });
});

for (const [label, status] of [
  ['a 403 (the RBAC Role was removed)', 403],
  ['a 401 (the token expired)', 401],
  ['a 500', 500],
] as const) {
  it(`${label} disconnects nobody and says what is wrong`, async () => {
    const f = fieldCluster(k8s.world, { service: 'hello', pollingInterval: 20 });
    const cluster = f.cluster;
    k8s.onCleanup(() => cluster.stop());
    await cluster.start();
    await cluster.ready({ minNodes: 2, timeout: 10_000 });
    const failed = new Promise<MusterError>((resolve) => cluster.once('discovery:error', resolve));
    if (status === 403) k8s.world.api.addToken(TOKEN, { rules: [] });
    else if (status === 401) k8s.world.api.removeToken(TOKEN);
    else k8s.world.api.injectFault({ kind: 'status', status: 500 });
    k8s.world.api.endWatches();
    const err = await failed;
    expect(err.code).toBe(
      status === 403
        ? 'MUSTER_ERR_KUBERNETES_FORBIDDEN'
        : status === 401
          ? 'MUSTER_ERR_KUBERNETES_UNAUTHORIZED'
          : 'MUSTER_ERR_KUBERNETES_HTTP',
    );
    if (status === 403)
      expect(err.message).toContain('watch endpointslices.discovery.k8s.io in namespace prod');
    // Polling goes on failing (a list now); the membership holds throughout.
    await new Promise<void>((resolve) => cluster.once('discovery:error', () => resolve()));
    expect(f.disconnects).toEqual([]);
    expect(cluster.wanted().sort()).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6']);
    expect(cluster.nodes().sort()).toEqual(['hello@10.1.0.5', 'hello@10.1.0.6']);
  });
}
