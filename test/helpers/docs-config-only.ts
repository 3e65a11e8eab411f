/**
 * The `muster` module as a `ts config-only` docs example sees it: everything is the real
 * package, except that `createCluster` validates the config for real and returns a cluster
 * whose network-facing methods do nothing. Production examples (real Rancher hosts, real DNS)
 * are checked against the code this way without sending a packet anywhere.
 */
import { resolveConfig } from '../../src/core/config.js';
import type { ClusterConfigInput } from '../../src/index.js';

export * from '../../src/index.js';

export function createCluster(config: ClusterConfigInput) {
  const resolved = resolveConfig(config);
  const handlers = new Map<string, unknown[]>();
  return {
    self: resolved.name,
    on(event: string, handler: unknown) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return this;
    },
    async start() {},
    async stop() {},
    async ready() {},
    async connect() {
      return true;
    },
    nodes: () => [],
    wanted: () => [],
    send: () => false,
    broadcast: () => 0,
  };
}
