import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeDualPort } from './dns-loopback.js';

export interface Dnsmasq {
  readonly address: string;
  /** Rewrites the hosts file and waits until dnsmasq has re-read it (SIGHUP). */
  setHosts(lines: readonly string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Lines dnsmasq writes to stderr (`--log-facility=-`), awaited instead of sleeping. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        child.stderr?.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => {
      child.stderr?.off('data', onData);
      reject(
        Object.assign(new Error(`dnsmasq exited (${code}) before ${what}: ${seen}`), {
          exitCode: code,
        }),
      );
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts Debian's dnsmasq on `host` (a 127.10.x.y address) and a free port, serving only the
 * hosts file we write and the extra options given. Retries if the port was taken in between.
 */
export async function startDnsmasq(
  host: string,
  hosts: readonly string[],
  extra: readonly string[] = [],
): Promise<Dnsmasq> {
  const dir = await mkdtemp(join(tmpdir(), 'muster-dnsmasq-'));
  const hostsFile = join(dir, 'hosts');
  await writeFile(hostsFile, `${hosts.join('\n')}\n`);
  for (let tries = 0; ; tries++) {
    const port = await freeDualPort(host);
    const child = spawn(
      '/usr/sbin/dnsmasq',
      [
        '--keep-in-foreground',
        '--conf-file=/dev/null',
        '--no-resolv',
        '--no-hosts',
        `--addn-hosts=${hostsFile}`,
        `--port=${port}`,
        `--listen-address=${host}`,
        '--bind-interfaces',
        '--log-facility=-',
        '--user=root',
        '--pid-file=',
        ...extra,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    try {
      await waitForLine(child, /read .*hosts - \d+ names?/, 'reading its hosts file');
    } catch (err) {
      child.kill('SIGKILL');
      if ((err as { exitCode?: number }).exitCode === 2 && tries < 5) continue;
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
    // If the test process dies without afterAll, do not leave this dnsmasq behind.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    return {
      address: `${host}:${port}`,
      async setHosts(lines) {
        await writeFile(hostsFile, `${lines.join('\n')}\n`);
        const reread = waitForLine(child, /read .*hosts - \d+ names?/, 're-reading its hosts file');
        child.kill('SIGHUP');
        await reread;
      },
      async stop() {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
        process.off('exit', killOnExit);
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}
