/**
 * Child process of the full-mesh scenario: runs one muster cluster per address it is given,
 * all polling one DNS name. Driven over IPC: start (boot, DNS name still empty), go (poll now,
 * every node at once), stats, stop.
 */
import { ConnectSlots } from '../../src/core/connect-slots.js';
import type { Cluster } from '../../src/index.js';
import { PollingStrategy } from '../../src/index.js';
import { TcpTransport } from '../../src/transport/tcp/index.js';
import { benchNode } from '../lib/cluster-node.js';
import { startRunProfile, stopRunProfile } from '../lib/run-profile.js';

/**
 * The nodes of this process share one bound on their connects in flight: many nodes in one
 * process is a benchmark's layout, not a deployment's, and without a shared bound they would
 * run tens of thousands of handshakes at once (muster used to impose this process-wide).
 */
const slots = new ConnectSlots(512);

export type HostCommand =
  | {
      op: 'start';
      hosts: string[];
      dns: string;
      query: string;
      peers: number;
      connectConcurrency: number | undefined;
    }
  | { op: 'go' }
  | { op: 'stats' }
  | { op: 'stop' };

export interface HostStats {
  readonly sockets: number;
  readonly accepted: number;
  readonly dialed: number;
  readonly listed: number;
  readonly nodeups: number;
  readonly nodedowns: number;
  readonly connectFailures: number;
  readonly retries: number;
  readonly connectAttempts: number;
  /** Discovery polls that inbound peers' admission asked for, and peers it refused (issue 17). */
  readonly admissionPolls: number;
  readonly admissionRefusals: number;
  /** Connects waiting for the process's shared slots right now. */
  readonly queuedDials: number;
  /** Connections closed before they were up, by `dial|accept:reason`. */
  readonly handshakeFailures: Record<string, number>;
}

let clusters: Cluster[] = [];
let peers = 0;
let full = false;
let goAt = 0;
let cpuAtGo = { user: 0, system: 0 };
/** Nodes that list every peer, kept from nodeup/nodedown edges: checking it is O(1), so the
 * harness costs nothing measurable next to the handshakes (calling nodes() on every node at
 * every nodeup was ~2,000,000 array copies at M = 200). */
let complete = 0;

const send = (msg: object) => process.send?.(msg);

/** BENCH_PROFILE_RUN_DIR=dir: a CPU profile of this process from 'go' to its full mesh only. */

function checkFull(): void {
  if (full || goAt === 0 || complete < clusters.length) return;
  // The counters say so: confirm once with what the clusters themselves list.
  if (clusters.every((c) => c.nodes().length === peers)) {
    full = true;
    const cpu = process.cpuUsage(cpuAtGo);
    send({ op: 'full', ms: performance.now() - goAt, cpuMs: (cpu.user + cpu.system) / 1000 });
    void stopRunProfile('mesh-run');
  }
}

function track(cluster: Cluster): void {
  let listed = 0;
  cluster.on('nodeup', () => {
    if (++listed === peers) complete++;
    checkFull();
  });
  cluster.on('nodedown', () => {
    if (listed-- === peers) complete--;
  });
}

async function start(cmd: Extract<HostCommand, { op: 'start' }>): Promise<void> {
  peers = cmd.peers;
  clusters = cmd.hosts.map((host) =>
    benchNode({
      name: `mesh@${host}`,
      host,
      dns: cmd.dns,
      queries: [cmd.query],
      basename: 'mesh',
      pollingInterval: 5_000,
      connectConcurrency: cmd.connectConcurrency,
      connectSlots: slots,
    }),
  );
  for (const c of clusters) track(c);
  await Promise.all(clusters.map((c) => c.start()));
}

function stats(): HostStats {
  let sockets = 0;
  let accepted = 0;
  let dialed = 0;
  let listed = 0;
  let nodeups = 0;
  let nodedowns = 0;
  let connectFailures = 0;
  let retries = 0;
  let connectAttempts = 0;
  let admissionPolls = 0;
  let admissionRefusals = 0;
  const queuedDials = slots.queued;
  const handshakeFailures: Record<string, number> = {};
  for (const c of clusters) {
    const t = c.transportInstance;
    if (t instanceof TcpTransport) {
      const s = t.stats();
      sockets += s.sockets;
      accepted += s.accepted;
      dialed += s.dialed;
      for (const [k, v] of Object.entries(s.handshakeFailures)) {
        handshakeFailures[k] = (handshakeFailures[k] ?? 0) + v;
      }
    }
    const cs = c.stats();
    listed += c.nodes().length;
    nodeups += cs.nodeups;
    nodedowns += cs.nodedowns;
    connectFailures += cs.connectFailures;
    retries += cs.retries;
    connectAttempts += cs.connectAttempts;
    admissionPolls += cs.admissionPolls;
    admissionRefusals += cs.admissionRefusals;
  }
  return {
    sockets,
    accepted,
    dialed,
    listed,
    nodeups,
    nodedowns,
    connectFailures,
    retries,
    connectAttempts,
    admissionPolls,
    admissionRefusals,
    queuedDials,
    handshakeFailures,
  };
}

process.on('message', (cmd: HostCommand) => {
  switch (cmd.op) {
    case 'start':
      start(cmd).then(
        () => send({ op: 'started' }),
        (err: unknown) => send({ op: 'error', error: String(err) }),
      );
      break;
    case 'go':
      void startRunProfile().then(() => {
        goAt = performance.now();
        cpuAtGo = process.cpuUsage();
        for (const c of clusters) {
          for (const s of c.strategies().values()) if (s instanceof PollingStrategy) s.pollNow();
        }
        checkFull();
      });
      break;
    case 'stats':
      send({ op: 'stats', stats: stats() });
      break;
    case 'stop':
      Promise.allSettled(clusters.map((c) => c.stop())).then(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => process.exit(0));
