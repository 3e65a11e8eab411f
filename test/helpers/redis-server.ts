import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hasStoreServer,
  type RestartableServer,
  startRestartable,
  startServerProcess,
} from './store-server-process.js';

export const hasRedis = () => hasStoreServer('/usr/bin/redis-server', 'redis-server');

/** The `requirepass` of test servers: tests check it never reaches a log. */
export const REDIS_PASSWORD = 'redis-secret-77b2e0';

/** kill -9 loses everything in memory, as a real crash without persistence does. */
export interface RedisServer extends RestartableServer {
  readonly url: string;
}

/** Debian's redis-server 7 on `host` and a free port, no persistence, password required. */
export async function startRedis(host: string): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'muster-redis-'));
  const server = await startRestartable({
    host,
    portCount: 1,
    dir,
    spawn: ([port]) =>
      startServerProcess(
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
      ),
    ready: /Ready to accept connections/,
    portTaken: /Address already in use/,
  });
  return {
    ...server,
    get url() {
      return `redis://:${REDIS_PASSWORD}@${host}:${server.ports[0]}`;
    },
  };
}
