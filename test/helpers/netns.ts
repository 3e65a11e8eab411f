import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hasPeerBinary } from './real-peer.js';

/**
 * Hosts made of network namespaces: N namespaces `muster-<pid>-<i>`, each with one veth whose
 * other end sits on a bridge `mb<pid>` in the root namespace, addressed 198.18.<subnet>.<i>/24
 * (198.18.0.0/15 is reserved for network benchmarks). Nothing else is routed: the bridge has no
 * address, so no namespace can reach the host or anything beyond it.
 */

/** What a netns-node fixture reports, one JSON object per stdout line. */
export type NetnsEvent =
  | { ev: 'started'; self: string; t: number }
  | { ev: 'nodeup'; node: string; t: number }
  | { ev: 'nodedown'; node: string; reason: string; t: number }
  | { ev: 'state'; nodes: string[]; sockets: number; accepted: number; dialed: number }
  | { ev: 'stopped' }
  | { ev: 'error'; message: string };

export interface NetnsNodeOptions {
  readonly basename: string;
  /** Every node of the static topology (the cluster never dials itself). */
  readonly nodes: readonly string[];
  readonly tickTime: number;
  readonly cookie: string;
  /** Added to this node's clock (Date.now) to model hosts whose clocks disagree. */
  readonly clockOffsetMs?: number;
}

const run = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const quiet = (args: string[]) => {
  try {
    run(args);
  } catch {
    // already gone
  }
};

/**
 * True when this process may create namespaces (root with iproute2 and CAP_NET_ADMIN).
 * Outside CI a missing capability skips the tests with a reason; in CI (CI=true) it throws.
 */
export function netnsAvailable(): boolean {
  if (!hasPeerBinary('ip')) return false;
  const probe = `muster-probe-${process.pid}`;
  let why: string | undefined;
  if (process.getuid?.() !== 0) why = 'not running as root';
  else {
    try {
      run(['netns', 'add', probe]);
      run(['netns', 'del', probe]);
    } catch (err) {
      why = `'ip netns add' failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
    }
  }
  if (why === undefined) return true;
  if (process.env.CI === 'true') throw new Error(`network namespaces unavailable in CI: ${why}`);
  console.warn(`[muster tests] network namespaces unavailable (${why}): skipping`);
  return false;
}

/** A muster node (a Cluster over TCP) running inside one namespace, as a child process. */
export class NetnsNode {
  readonly events: NetnsEvent[] = [];
  private readonly listeners = new Set<(e: NetnsEvent) => void>();

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let event: NetnsEvent;
      try {
        event = JSON.parse(line) as NetnsEvent;
      } catch {
        return; // not ours
      }
      this.events.push(event);
      for (const l of [...this.listeners]) l(event);
    });
  }

  /** The first event (already seen at index >= since, or future) that matches. */
  wait<E extends NetnsEvent>(match: (e: NetnsEvent) => e is E, since?: number): Promise<E>;
  wait(match: (e: NetnsEvent) => boolean, since?: number): Promise<NetnsEvent>;
  wait(match: (e: NetnsEvent) => boolean, since = 0): Promise<NetnsEvent> {
    const seen = this.events.slice(since).find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`${this.name} exited while a test waited on it`));
      const l = (e: NetnsEvent) => {
        if (!match(e)) return;
        this.listeners.delete(l);
        this.child.off('exit', onExit);
        resolve(e);
      };
      this.listeners.add(l);
      this.child.once('exit', onExit);
    });
  }

  waitUp(node: string, since = 0): Promise<NetnsEvent> {
    return this.wait((e) => e.ev === 'nodeup' && e.node === node, since);
  }

  waitDown(node: string, since = 0): Promise<Extract<NetnsEvent, { ev: 'nodedown' }>> {
    return this.wait(
      (e): e is Extract<NetnsEvent, { ev: 'nodedown' }> => e.ev === 'nodedown' && e.node === node,
      since,
    );
  }

  async state(): Promise<Extract<NetnsEvent, { ev: 'state' }>> {
    const since = this.events.length;
    this.child.stdin!.write('state\n');
    return this.wait((e): e is Extract<NetnsEvent, { ev: 'state' }> => e.ev === 'state', since);
  }

  count(ev: 'nodeup' | 'nodedown', node: string): number {
    return this.events.filter((e) => e.ev === ev && e.node === node).length;
  }
}

const FIXTURE = fileURLToPath(new URL('../reliability/fixtures/netns-node.ts', import.meta.url));

export class NetnsLab {
  readonly bridge: string;
  readonly namespaces: string[] = [];
  readonly addresses: string[] = [];
  private readonly hostVeths: string[] = [];
  private readonly children = new Set<ChildProcess>();
  private readonly onExit = () => this.destroySync();

  /** `subnet` picks 198.18.<subnet>.0/24. */
  constructor(
    readonly size: number,
    readonly subnet: number,
  ) {
    const id = process.pid;
    this.bridge = `mb${id}`;
    process.once('exit', this.onExit);
    try {
      run(['link', 'add', this.bridge, 'type', 'bridge']);
      run(['link', 'set', this.bridge, 'up']);
      for (let i = 1; i <= size; i++) {
        const ns = `muster-${id}-${i}`;
        const host = `mv${id}h${i}`;
        const peer = `mv${id}n${i}`;
        const address = `198.18.${subnet}.${i}`;
        run(['netns', 'add', ns]);
        this.namespaces.push(ns);
        run(['link', 'add', host, 'type', 'veth', 'peer', 'name', peer]);
        this.hostVeths.push(host);
        run(['link', 'set', peer, 'netns', ns]);
        run(['link', 'set', host, 'master', this.bridge]);
        run(['link', 'set', host, 'up']);
        run(['-n', ns, 'link', 'set', 'lo', 'up']);
        run(['-n', ns, 'link', 'set', peer, 'name', 'eth0']);
        run(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0']);
        run(['-n', ns, 'link', 'set', 'eth0', 'up']);
        this.addresses.push(address);
      }
    } catch (err) {
      this.destroySync();
      throw err;
    }
  }

  /** Cuts host `i`'s link (1-based): its packets go nowhere, no RST, no FIN. */
  cut(i: number): void {
    run(['link', 'set', this.hostVeths[i - 1]!, 'down']);
  }

  heal(i: number): void {
    run(['link', 'set', this.hostVeths[i - 1]!, 'up']);
  }

  /** Starts a muster node in namespace `i` and waits until its cluster has started. */
  async startNode(i: number, options: NetnsNodeOptions): Promise<NetnsNode> {
    const ns = this.namespaces[i - 1]!;
    const self = `${options.basename}@${this.addresses[i - 1]}`;
    const child = spawn(
      'ip',
      [
        'netns',
        'exec',
        ns,
        process.execPath,
        '--import',
        'tsx',
        FIXTURE,
        JSON.stringify({ ...options, self }),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    const node = new NetnsNode(self, child);
    await node.wait((e) => e.ev === 'started');
    return node;
  }

  /** Stops a node gracefully (it leaves the cluster), waiting for its process to exit. */
  async stopNode(node: NetnsNode): Promise<void> {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return;
    const exited = new Promise((resolve) => node.child.once('exit', resolve));
    node.child.stdin!.end('stop\n');
    await exited;
  }

  /** Kills every node by PID, deletes the namespaces, veths and the bridge. Idempotent. */
  async destroy(): Promise<void> {
    const exits = [...this.children].map(
      (c) => new Promise((resolve) => (c.exitCode !== null ? resolve(0) : c.once('exit', resolve))),
    );
    for (const c of this.children) c.kill('SIGKILL');
    await Promise.all(exits);
    this.destroySync();
  }

  private destroySync(): void {
    for (const c of this.children) c.kill('SIGKILL');
    for (const ns of this.namespaces.splice(0)) {
      // Anything else still running in the namespace (a node's own children) dies with it.
      try {
        const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
        for (const pid of pids.split(/\s+/).filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // already gone
          }
        }
      } catch {
        // namespace already gone
      }
      quiet(['netns', 'del', ns]);
    }
    for (const veth of this.hostVeths.splice(0)) quiet(['link', 'del', veth]);
    quiet(['link', 'del', this.bridge]);
    process.off('exit', this.onExit);
  }
}
