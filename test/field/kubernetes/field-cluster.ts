import { createCluster } from '../../../src/core/create-cluster.js';
import type { KubernetesWorld } from '../../helpers/kubernetes-fixtures.js';

/**
 * A cluster named `self` with one kubernetes topology on the world's API server and a callback
 * transport that records every connect and disconnect (libcluster's connect/disconnect hooks).
 */
export function fieldCluster(
  world: KubernetesWorld,
  config: Record<string, unknown>,
  options: { self?: string; disconnectOnRemove?: boolean } = {},
) {
  const connects: string[] = [];
  const disconnects: string[] = [];
  const cluster = createCluster({
    name: options.self ?? 'hello@10.1.0.1',
    transport: {
      kind: 'callback',
      connect: (node: string) => {
        connects.push(node);
        return true;
      },
      disconnect: (node: string) => {
        disconnects.push(node);
        return true;
      },
    },
    topologies: {
      k8s: {
        strategy: 'kubernetes',
        disconnectOnRemove: options.disconnectOnRemove ?? true,
        config: { nodeBasename: 'hello', ...world.config, ...config },
      },
    },
  });
  return { cluster, connects, disconnects };
}
