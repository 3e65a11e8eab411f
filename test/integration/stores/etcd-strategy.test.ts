import { Etcd3 } from 'etcd3';
import { describe } from 'vitest';
import { type EtcdServer, hasEtcd, startEtcd } from '../../helpers/etcd-server.js';
import { storeScenarios } from '../../helpers/store-scenarios.js';

// This file owns 127.137.3.0/24 for the server (node names use 127.137.<n>.x as names only).
let server: EtcdServer;
const prefix = (ns: string) => `/${ns}/`;
// etcd leases count whole seconds and have a minimum of about 2 s: 3 s keeps clear of it.
const TTL = 3_000;

describe.skipIf(!hasEtcd())('etcd strategy', () => {
  storeScenarios({
    strategy: 'etcd',
    ttl: TTL,
    // etcd runs without auth here; the secret is the user info put in the endpoint URL.
    secret: 'never-sent-etcd-secret',
    async start() {
      server = await startEtcd('127.137.3.1');
    },
    stop: () => server.stop(),
    config: (ns, overrides = {}) => {
      const { heartbeatInterval: _ignored, ...rest } = overrides as Record<string, unknown>;
      return { endpoints: [server.endpoint], prefix: prefix(ns), ttl: TTL, ...rest };
    },
    async setEntries(ns, names, keep) {
      const client = new Etcd3({ hosts: server.endpoint });
      try {
        const keys = await client.getAll().prefix(prefix(ns)).keys();
        for (const k of keys) {
          const n = k.slice(prefix(ns).length);
          if (!names.includes(n) && !keep.includes(n)) await client.delete().key(k);
        }
        // No lease: the fixture's entries never expire.
        for (const n of names) await client.put(`${prefix(ns)}${n}`).value(n);
      } finally {
        client.close();
      }
    },
    kill: () => server.kill(),
    restart: () => server.restart(),
    pause: () => server.pause(),
    resume: () => server.resume(),
  });
});
