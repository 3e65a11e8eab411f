import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './epmd-peers.js';
import { hasStoreServer, type ServerProcess, startServerProcess } from './store-server-process.js';

const BIN = '/usr/lib/postgresql/15/bin';
export const hasPostgres = () => hasStoreServer(`${BIN}/postgres`, 'postgresql');

/** The password of the `postgres` role in test clusters: tests check it never reaches a log. */
export const POSTGRES_PASSWORD = 'pg-secret-3f9a1c';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** `postgres://postgres:<password>@host:port/postgres`. */
  readonly url: string;
  /** kill -9 of the whole server (postmaster and backends). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory (crash recovery included). */
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Debian's PostgreSQL 15 on `host` and a free port, in a fresh temp cluster owned by the
 * `postgres` user (the server refuses to run as root), password auth over TCP.
 */
export async function startPostgres(host: string): Promise<PostgresServer> {
  const ids = process.getuid?.() === 0 ? postgresIds() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'muster-pg-'));
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${POSTGRES_PASSWORD}\n`);
  if (ids) {
    chownSync(dir, ids.uid, ids.gid);
    chownSync(pwfile, ids.uid, ids.gid);
  }
  execFileSync(
    `${BIN}/initdb`,
    [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      `--pwfile=${pwfile}`,
      '--no-sync',
      '--no-instructions',
    ],
    { stdio: 'pipe', cwd: dir, ...ids },
  );
  let port = await freePort([host]);
  let server: ServerProcess | undefined;

  const launch = async (first: boolean) => {
    for (let attempt = 0; ; attempt++) {
      const proc = startServerProcess(
        `${BIN}/postgres`,
        [
          '-D',
          data,
          '-k',
          dir,
          '-h',
          host,
          '-p',
          String(port),
          '-c',
          'fsync=off',
          '-c',
          'max_connections=300',
          '-c',
          'shared_buffers=16MB',
        ],
        { cwd: dir, ...ids },
      );
      try {
        await proc.waitFor(/ready to accept connections/, 'accepting connections');
        server = proc;
        return;
      } catch (err) {
        await proc.kill();
        // The port was taken between freePort and bind: try another (first start only).
        if (!first || attempt >= 4 || !/could not (bind|create listen)/.test(proc.output()))
          throw err;
        port = await freePort([host]);
      }
    }
  };
  await launch(true);
  return {
    host,
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres:${POSTGRES_PASSWORD}@${host}:${port}/postgres`;
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
