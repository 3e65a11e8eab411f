/**
 * Run with pg, redis and etcd3 hidden (hide-store-clients.mjs): imports the package entry,
 * forms a dns-poll topology's config, then starts a postgres strategy and prints what it emits.
 */
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { NodeName } from '../../src/core/node-name.js';
import { createCluster, registeredStrategies } from '../../src/index.js';
import { PostgresStrategy } from '../../src/strategies/index.js';

const out: Record<string, unknown> = { strategies: registeredStrategies() };
const cluster = createCluster({
  name: 'hello@127.137.0.1',
  transport: { kind: 'none' },
  topologies: {
    dns: {
      strategy: 'dns-poll',
      config: { query: 'hello', nodeBasename: 'hello', nameservers: ['127.137.0.1:53'] },
    },
  },
});
out.dnsPollCluster = typeof cluster.start === 'function';
const strategy = new PostgresStrategy({
  topology: 'pg',
  config: {
    connectionString: 'postgres://127.137.0.1:1/x',
    channel: 'muster',
    table: 'muster_nodes',
    heartbeatInterval: 1000,
    ttl: 3000,
  },
  logger: silentLogger(),
  clock: systemClock,
  self: 'hello@127.137.0.1' as NodeName,
});
const error = new Promise<{ code: string; message: string }>((resolve) =>
  strategy.once('error', resolve),
);
await strategy.start();
const e = await error;
out.error = { code: e.code, message: e.message };
await strategy.stop();
console.log(JSON.stringify(out));
