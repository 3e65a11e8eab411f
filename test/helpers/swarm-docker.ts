import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Debian's docker.io client (the daemon is the same package); any `docker` otherwise. */
const DOCKER = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

/**
 * A private dockerd: its own data root, exec root and socket under `dir`, no iptables, no
 * default bridge, every address pool inside 198.19.0.0/16 (half of 198.18.0.0/15), so nothing
 * it creates takes an address outside the benchmark range. Stopped by PID.
 */
export class PrivateDockerd {
  readonly socket: string;
  private child: ChildProcess | undefined;
  private log = '';

  constructor(readonly dir: string) {
    this.socket = join(dir, 'docker.sock');
  }

  async start(): Promise<void> {
    const child = spawn(
      'dockerd',
      [
        `--data-root=${join(this.dir, 'root')}`,
        `--exec-root=${join(this.dir, 'exec')}`,
        `--pidfile=${join(this.dir, 'docker.pid')}`,
        `-H=unix://${this.socket}`,
        '--iptables=false',
        '--ip6tables=false',
        '--bridge=none',
        '--default-address-pool=base=198.19.128.0/17,size=24',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.child = child;
    child.stderr!.on('data', (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-20_000);
    });
    await new Promise<void>((resolve, reject) => {
      const onData = () => {
        if (!this.log.includes('API listen on')) return;
        child.stderr!.off('data', onData);
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) =>
        reject(new Error(`dockerd exited (${code}):\n${this.log.slice(-3000)}`));
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
    });
  }

  /** Runs the docker client against this daemon; rejects with its stderr. */
  async docker(args: string[], input?: string): Promise<string> {
    const env = { ...process.env, DOCKER_HOST: `unix://${this.socket}` };
    try {
      const p = execFileAsync(DOCKER, args, { env, maxBuffer: 64 * 1024 * 1024 });
      if (input !== undefined) {
        p.child.stdin!.end(input);
      }
      const { stdout } = await p;
      return stdout.trim();
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`docker ${args.join(' ')}: ${e.stderr?.trim() || e.message}`);
    }
  }

  /** `docker` with a stdin stream from a child process (docker import of a tar). */
  importTar(tarDir: string, image: string): Promise<string> {
    const env = { ...process.env, DOCKER_HOST: `unix://${this.socket}` };
    return new Promise((resolve, reject) => {
      const tar = spawn('tar', ['-C', tarDir, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const imp = spawn(DOCKER, ['import', '-', image], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      tar.stdout.pipe(imp.stdin);
      let out = '';
      imp.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      imp.stderr.on('data', (d: Buffer) => {
        out += d.toString();
      });
      imp.once('exit', (code) =>
        code === 0 ? resolve(out.trim()) : reject(new Error(`docker import: ${out}`)),
      );
    });
  }

  get recentLog(): string {
    return this.log.slice(-3000);
  }

  /**
   * Stops the daemon by PID (SIGTERM, then SIGKILL), unmounts what it left under `dir`,
   * removes the gateway bridge it made, and deletes `dir`. Never throws.
   */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    // containerd-shim processes of containers still running would keep mounts: kill them.
    await killUnder(this.dir);
    for (const mount of mountsUnder(this.dir)) {
      await execFileAsync('umount', ['-l', mount]).catch(() => {});
    }
    await execFileAsync('ip', ['link', 'del', 'docker_gwbridge']).catch(() => {});
    await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }
}

function mountsUnder(dir: string): string[] {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1] ?? '')
    .filter((m) => m.startsWith(dir))
    .sort((a, b) => b.length - a.length);
}

/** SIGKILLs processes whose command line names `dir` (shims, containerd of this daemon). */
async function killUnder(dir: string): Promise<void> {
  const { stdout } = await execFileAsync('ps', ['-eo', 'pid=,args=']).catch(() => ({
    stdout: '',
  }));
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m || !m[2]!.includes(dir) || Number(m[1]) === process.pid) continue;
    try {
      process.kill(Number(m[1]), 'SIGKILL');
    } catch {
      // gone
    }
  }
}
