import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClusterConfigInput } from '../../../src/core/config.js';
import { createCluster } from '../../../src/core/create-cluster.js';
import { IdentityError } from '../../../src/core/errors.js';
import '../../../src/strategies/builtin.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';

const HOST = '127.40.5.1';

let md: RancherMetadataEmulator;

beforeEach(async () => {
  md = await startEmulator(HOST);
});

afterEach(async () => {
  await md.stop();
});

/** The seed's setup: name from the metadata API, peers from the metadata API, no wrapper. */
function seedConfig(extra: Record<string, unknown> = {}): ClusterConfigInput {
  return {
    name: 'hello@${RANCHER_IP}',
    identity: { kind: 'rancher-metadata', url: md.url, attempts: 2, retryDelay: 1, ...extra },
    transport: { kind: 'none' } as const,
    topologies: {
      rancher: {
        strategy: 'rancher-metadata',
        config: { nodeBasename: 'hello', url: md.url },
      },
    },
  };
}

describe('createCluster with identity: rancher-metadata', () => {
  it("names the node from self/container/primary_ip and discovers the service's peers", async () => {
    const names = md.addService({ stack: 'prod', name: 'hello', scale: 3 });
    md.setSelf(names[0]);
    const cluster = createCluster(seedConfig());
    try {
      await cluster.start();
      expect(cluster.self).toBe(`hello@${md.ipOf(names[0]!)}`);
      // With the 'none' transport every wanted node counts as connected.
      await cluster.ready({ minNodes: 2, timeout: 20_000 });
      expect(cluster.nodes().sort()).toEqual(
        names
          .slice(1)
          .map((n) => `hello@${md.ipOf(n)}`)
          .sort(),
      );
    } finally {
      await cluster.stop();
    }
  });

  it('fails start() with an IdentityError and leaves nothing started', async () => {
    md.injectFault({ kind: 'status', status: 500 });
    const cluster = createCluster(seedConfig());
    const err = await cluster.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as Error).message).toContain('HTTP 500');
    // Only the identity requests were made: no topology started polling.
    expect(md.requests.every((r) => r.path.startsWith('self/'))).toBe(true);
    await cluster.stop();
  });
});
