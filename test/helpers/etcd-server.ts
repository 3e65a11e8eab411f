import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hasStoreServer,
  type RestartableServer,
  startRestartable,
  startServerProcess,
} from './store-server-process.js';

export const hasEtcd = () => hasStoreServer('/usr/bin/etcd', 'etcd-server');

/** kill -9 keeps the data directory, so keys and leases survive into the restart. */
export interface EtcdServer extends RestartableServer {
  readonly endpoint: string;
}

/** Debian's etcd 3.4 as a one-member cluster on `host`, free client and peer ports. */
export async function startEtcd(host: string): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-etcd-'));
  const server = await startRestartable({
    host,
    portCount: 2,
    dir,
    spawn: ([clientPort, peerPort]) => {
      const client = `http://${host}:${clientPort}`;
      const peer = `http://${host}:${peerPort}`;
      return startServerProcess(
        '/usr/bin/etcd',
        [
          '--name',
          'muster-test',
          '--data-dir',
          join(dir, 'data'),
          '--listen-client-urls',
          client,
          '--advertise-client-urls',
          client,
          '--listen-peer-urls',
          peer,
          '--initial-advertise-peer-urls',
          peer,
          '--initial-cluster',
          `muster-test=${peer}`,
          '--logger',
          'zap',
        ],
        { cwd: dir },
      );
    },
    // zap logs this once the member has joined its one-node cluster and serves clients.
    ready: /serving client traffic/,
    portTaken: /address already in use/,
  });
  return {
    ...server,
    get endpoint() {
      return `http://${host}:${server.ports[0]}`;
    },
  };
}
