import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './epmd-peers.js';
import { hasStoreServer, type ServerProcess, startServerProcess } from './store-server-process.js';

export const hasEtcd = () => hasStoreServer('/usr/bin/etcd', 'etcd-server');

export interface EtcdServer {
  readonly endpoint: string;
  /** kill -9; the data directory (and so keys and leases) survives for the restart. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** Debian's etcd 3.4 as a one-member cluster on `host`, free client and peer ports. */
export async function startEtcd(host: string): Promise<EtcdServer> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-etcd-'));
  let clientPort = await freePort([host]);
  let peerPort = await freePort([host]);
  let server: ServerProcess | undefined;
  const launch = async (first: boolean) => {
    for (let attempt = 0; ; attempt++) {
      const client = `http://${host}:${clientPort}`;
      const peer = `http://${host}:${peerPort}`;
      const proc = startServerProcess(
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
      try {
        await proc.waitFor(/serving client traffic/, 'serving clients');
        server = proc;
        return;
      } catch (err) {
        await proc.kill();
        if (!first || attempt >= 4 || !/address already in use/.test(proc.output())) throw err;
        clientPort = await freePort([host]);
        peerPort = await freePort([host]);
      }
    }
  };
  await launch(true);
  return {
    get endpoint() {
      return `http://${host}:${clientPort}`;
    },
    kill: async () => {
      await server?.kill();
      server = undefined;
    },
    restart: () => launch(false),
    pause: () => server?.signal('SIGSTOP'),
    resume: () => server?.signal('SIGCONT'),
    async stop() {
      await server?.kill();
      server = undefined;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
