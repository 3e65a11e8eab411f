import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import { DnsServer } from '../../testing/dns-server.js';
import { DemoError } from '../cli-errors.js';
import { type OutputTail, spawnDemoNode } from './demo-child.js';
import { describeGaps, isConverged } from './demo-convergence.js';
import { type ChildMessage, isChildMessage, type ParentMessage } from './demo-protocol.js';

export type DemoNodeState = 'starting' | 'up' | 'stopping' | 'gone' | 'killed' | 'failed';

export interface DemoNode {
  readonly index: number;
  readonly name: string;
  readonly address: string;
  readonly child: ChildProcess;
  readonly tail: OutputTail;
  readonly exited: Promise<void>;
  state: DemoNodeState;
  peers: ReadonlySet<string>;
}

export interface DemoEvent {
  /** Milliseconds since the fleet started. */
  readonly at: number;
  /** A node's name, or `demo` / `dns` for the demo's own actions. */
  readonly source: string;
  readonly text: string;
}

export interface DemoFleetEvents {
  event: (event: DemoEvent) => void;
  /** Something in the state changed: re-check waits, redraw the view. */
  change: () => void;
  /** A node failed on its own (start failure, crash): the plain demo fails on it. */
  failure: (error: DemoError) => void;
}

export interface DemoFleetOptions {
  /** First two octets of the /16 the demo uses: `127.60`. */
  readonly prefix: string;
  readonly query: string;
  readonly basename: string;
  readonly port: number;
  readonly tickTime: number;
  readonly pollingInterval: number;
}

/** Time for nodes to leave gracefully at the end before they are SIGKILLed. */
const CLOSE_GRACE_MS = 3_000;

/**
 * The demo's world: an embedded DNS server on `<prefix>.0.1` whose answer for the service is
 * the set of live nodes, and the nodes themselves, child processes on `<prefix>.1.<i>`, whose
 * IPC reports keep `peers` (each node's `cluster.nodes()`) current.
 */
export class DemoFleet extends EventEmitter<DemoFleetEvents> {
  readonly dns: DnsServer;
  private readonly nodes = new Map<number, DemoNode>();
  private readonly cookie = randomBytes(18).toString('base64url');
  private readonly started = performance.now();
  private answer: readonly string[] = [];
  private closed = false;
  private readonly killAll = () => {
    for (const n of this.nodes.values()) if (n.child.exitCode === null) n.child.kill('SIGKILL');
  };

  constructor(private readonly options: DemoFleetOptions) {
    super();
    this.dns = new DnsServer({ host: `${options.prefix}.0.1` });
    // Whatever happens to the demo, no node may outlive it.
    process.once('exit', this.killAll);
  }

  async start(): Promise<void> {
    await this.dns.start();
    this.dns.setA(this.options.query, []);
    this.log('dns', `${this.dns.address} answers ${this.options.query} (no records yet)`);
  }

  list(): DemoNode[] {
    return [...this.nodes.values()].sort((a, b) => a.index - b.index);
  }

  /** Nodes that are up and not leaving: the cluster as it should be. */
  members(): DemoNode[] {
    return this.list().filter((n) => n.state === 'up');
  }

  isConverged(): boolean {
    return isConverged(this.list());
  }

  describeGaps(): string {
    return describeGaps(this.list());
  }

  /** Scale up: start a child on the next free address; its A record is added once it listens. */
  add(): DemoNode {
    let index = 1;
    while (this.nodes.has(index)) index++;
    if (index > 254) throw new DemoError('no free address left in the /24 of nodes');
    const address = `${this.options.prefix}.1.${index}`;
    const name = `${this.options.basename}@${address}`;
    const { child, tail } = spawnDemoNode({ ...process.env });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const node: DemoNode = {
      index,
      name,
      address,
      child,
      tail,
      exited,
      state: 'starting',
      peers: new Set(),
    };
    this.nodes.set(index, node);
    child.on('message', (m: unknown) => {
      if (isChildMessage(m)) this.onMessage(node, m);
    });
    // Before 'spawn', an error means the process never started. After it, an error is a
    // failed kill or IPC write (EPIPE to a node that has just left): not the node's failure.
    let spawned = false;
    child.once('spawn', () => {
      spawned = true;
    });
    child.on('error', (err) => {
      if (spawned) this.log(node.name, `(ignored: ${err.message})`);
      else this.fail(node, `could not start: ${err.message}`);
    });
    child.once('exit', (code, signal) => this.onExit(node, code, signal));
    const { dns, options } = this;
    this.tell(node, {
      type: 'start',
      setup: {
        name,
        cookie: this.cookie,
        nameserver: dns.address,
        query: options.query,
        basename: options.basename,
        port: options.port,
        tickTime: options.tickTime,
        pollingInterval: options.pollingInterval,
      },
    });
    this.log('demo', `scale up: starting ${name} (pid ${child.pid})`);
    this.emit('change');
    return node;
  }

  /** Scale down gracefully: the newest member's record goes first, then the node leaves. */
  remove(): DemoNode | undefined {
    const node = this.members().at(-1);
    if (!node) return undefined;
    node.state = 'stopping';
    this.log('demo', `scale down: removing ${node.address} from DNS, then stopping ${node.name}`);
    this.publishRecords();
    this.tell(node, { type: 'stop' });
    this.emit('change');
    return node;
  }

  /** A crash: SIGKILL a random member (no goodbye to its peers), then drop its record. */
  kill(): DemoNode | undefined {
    const members = this.members();
    const node = members[Math.floor(Math.random() * members.length)];
    if (!node) return undefined;
    node.state = 'killed';
    this.log('demo', `kill: SIGKILL ${node.name} (pid ${node.child.pid}), removing its record`);
    node.child.kill('SIGKILL');
    this.publishRecords();
    this.emit('change');
    return node;
  }

  /** Stops every node (gracefully, then SIGKILL after a grace period) and the DNS server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const alive = this.list().filter(
      (n) => n.child.exitCode === null && n.child.signalCode === null,
    );
    for (const n of alive) {
      // Already told (a scale-down) and on its way out: a second stop would meet a closed pipe.
      if (n.state === 'stopping') continue;
      if (n.state !== 'killed') n.state = 'stopping';
      this.tell(n, { type: 'stop' });
    }
    const grace = setTimeout(this.killAll, CLOSE_GRACE_MS);
    await Promise.all(alive.map((n) => n.exited));
    clearTimeout(grace);
    process.off('exit', this.killAll);
    await this.dns.stop();
  }

  private onMessage(node: DemoNode, m: ChildMessage): void {
    switch (m.type) {
      case 'ready':
        node.peers = new Set(m.peers);
        if (node.state === 'starting') node.state = 'up';
        this.log(node.name, `up, listening on ${node.address}:${this.options.port}`);
        this.publishRecords();
        break;
      case 'nodeup':
        node.peers = new Set(m.peers);
        this.log(node.name, `nodeup ${m.node}`);
        break;
      case 'nodedown':
        node.peers = new Set(m.peers);
        this.log(node.name, `nodedown ${m.node} (${m.reason}${m.detail ? `: ${m.detail}` : ''})`);
        break;
      case 'dns': {
        const parts = [...m.added.map((n) => `+${n}`), ...m.removed.map((n) => `-${n}`)];
        this.log(node.name, `dns answer changed: ${parts.join(' ')}`);
        break;
      }
      case 'error':
        this.log(node.name, `error ${m.code}: ${m.message}`);
        break;
      case 'failed':
        this.fail(node, `${m.code}: ${m.message}`);
        break;
      case 'stopped':
        break;
    }
    this.emit('change');
  }

  private onExit(node: DemoNode, code: number | null, signal: NodeJS.Signals | null): void {
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    const expected = node.state === 'stopping' || node.state === 'killed';
    if (!expected && node.state !== 'failed') {
      this.fail(node, `${how} unexpectedly${node.tail.toString() ? `: ${node.tail}` : ''}`);
    } else {
      this.log(node.name, how);
    }
    if (node.state !== 'failed') node.state = node.state === 'killed' ? 'killed' : 'gone';
    this.nodes.delete(node.index);
    this.publishRecords();
    this.emit('change');
  }

  private fail(node: DemoNode, why: string): void {
    if (node.state === 'failed') return;
    node.state = 'failed';
    this.log(node.name, `FAILED ${why}`);
    this.publishRecords();
    if (node.child.exitCode === null) node.child.kill('SIGKILL');
    this.emit('failure', new DemoError(`${node.name} ${why}`));
    this.emit('change');
  }

  /** The service's A records: every node that is up (a starting node is added when ready). */
  private publishRecords(): void {
    const addresses = this.members().map((n) => n.address);
    const current = this.dnsAnswer();
    if (addresses.join(' ') === current.join(' ')) return;
    this.dns.setA(this.options.query, addresses);
    this.answer = addresses;
    this.log('dns', `${this.options.query} -> ${addresses.join(' ') || '(no records)'}`);
  }

  /** The addresses the DNS server gives for the service right now. */
  dnsAnswer(): readonly string[] {
    return this.answer;
  }

  /**
   * A node may close its IPC channel (it is leaving) before the parent hears of it; the send
   * callback takes that error, so it is not the child's 'error' event.
   */
  private tell(node: DemoNode, message: ParentMessage): void {
    if (!node.child.connected) return;
    node.child.send(message, (err) => {
      if (err) this.log(node.name, `(${message.type} not delivered: ${err.message})`);
    });
  }

  private log(source: string, text: string): void {
    this.emit('event', { at: Math.round(performance.now() - this.started), source, text });
  }
}
