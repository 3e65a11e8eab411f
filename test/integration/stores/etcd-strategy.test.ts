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
    // etcd runs without auth here (its credentials are tested in etcd-auth.test.ts).
    secret: undefined,
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
        const gone = keys.filter((k) => {
          const n = k.slice(prefix(ns).length);
          return !names.includes(n) && !keep.includes(n);
        });
        // One transaction, as one writer would change several entries at once. No lease:
        // the fixture's entries never expire.
        await client
          .if(`${prefix(ns)}fixture`, 'Create', '==', 0)
          .then(
            ...gone.map((k) => client.delete().key(k)),
            ...names.map((n) => client.put(`${prefix(ns)}${n}`).value(n)),
          )
          .commit();
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
