import { createClient } from 'redis';
import { describe } from 'vitest';
import {
  hasRedis,
  REDIS_PASSWORD,
  type RedisServer,
  startRedis,
} from '../../helpers/redis-server.js';
import { storeScenarios } from '../../helpers/store-scenarios.js';

// This file owns 127.137.2.0/24 for the server (node names use 127.137.<n>.x as names only).
let server: RedisServer;
const prefix = (ns: string) => `${ns}:`;

describe.skipIf(!hasRedis())('redis strategy', () => {
  storeScenarios({
    strategy: 'redis',
    ttl: 3_000,
    secret: REDIS_PASSWORD,
    async start() {
      server = await startRedis('127.137.2.1');
    },
    stop: () => server.stop(),
    config: (ns, overrides = {}) => ({
      url: server.url,
      prefix: prefix(ns),
      heartbeatInterval: 1_000,
      ttl: 3_000,
      ...overrides,
    }),
    async setEntries(ns, names, keep) {
      const client = createClient({ url: server.url });
      await client.connect();
      try {
        const key = (n: string) => `${prefix(ns)}node:${n}`;
        for (const k of await client.keys(`${prefix(ns)}node:*`)) {
          const n = k.slice(`${prefix(ns)}node:`.length);
          if (!names.includes(n) && !keep.includes(n)) await client.del(k);
        }
        for (const n of names)
          await client.set(key(n), n, { expiration: { type: 'EX', value: 3600 } });
      } finally {
        client.destroy();
      }
    },
    kill: () => server.kill(),
    restart: () => server.restart(),
    pause: () => server.pause(),
    resume: () => server.resume(),
  });
});
