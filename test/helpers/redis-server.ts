import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './epmd-peers.js';
import { hasStoreServer, type ServerProcess, startServerProcess } from './store-server-process.js';

export const hasRedis = () => hasStoreServer('/usr/bin/redis-server', 'redis-server');

/** The `requirepass` of test servers: tests check it never reaches a log. */
export const REDIS_PASSWORD = 'redis-secret-77b2e0';

export interface RedisServer {
  readonly url: string;
  /** kill -9: everything in memory is lost, as in a real crash without persistence. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** Debian's redis-server 7 on `host` and a free port, no persistence, password required. */
export async function startRedis(host: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-redis-'));
  let port = await freePort([host]);
  let server: ServerProcess | undefined;
  const launch = async (first: boolean) => {
    for (let attempt = 0; ; attempt++) {
      const proc = startServerProcess(
        '/usr/bin/redis-server',
        [
          '--bind',
          host,
          '--port',
          String(port),
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--requirepass',
          REDIS_PASSWORD,
          '--daemonize',
          'no',
        ],
        { cwd: dir },
      );
      try {
        await proc.waitFor(/Ready to accept connections/, 'accepting connections');
        server = proc;
        return;
      } catch (err) {
        await proc.kill();
        if (!first || attempt >= 4 || !/Address already in use/.test(proc.output())) throw err;
        port = await freePort([host]);
      }
    }
  };
  await launch(true);
  return {
    get url() {
      return `redis://:${REDIS_PASSWORD}@${host}:${port}`;
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
