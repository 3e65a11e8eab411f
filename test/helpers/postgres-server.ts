import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hasStoreServer,
  type RestartableServer,
  startRestartable,
  startServerProcess,
} from './store-server-process.js';

const BIN = '/usr/lib/postgresql/15/bin';
export const hasPostgres = () => hasStoreServer(`${BIN}/postgres`, 'postgresql');

/** The password of the `postgres` role in test clusters: tests check it never reaches a log. */
export const POSTGRES_PASSWORD = 'pg-secret-3f9a1c';

/** kill -9 takes the postmaster and its backends; a restart runs crash recovery. */
export interface PostgresServer extends RestartableServer {
  readonly host: string;
  /** `postgres://postgres:<password>@host:port/postgres`. */
  readonly url: string;
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
  const server = await startRestartable({
    host,
    portCount: 1,
    dir,
    spawn: ([port]) =>
      startServerProcess(
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
      ),
    ready: /ready to accept connections/,
    portTaken: /could not (bind|create listen)/,
  });
  return {
    ...server,
    host,
    get url() {
      return `postgres://postgres:${POSTGRES_PASSWORD}@${host}:${server.ports[0]}/postgres`;
    },
  };
}
