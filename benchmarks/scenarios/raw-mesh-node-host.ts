/**
 * Child process of the full-mesh scenario's raw baseline: the same layout as
 * full-mesh-node-host.ts (one listener per address it is given), but no library: for every pair
 * the node with the lower name does a plain `net` connect and a 16-byte exchange, the other
 * answers it. Dials share one pool of PROCESS_DIALS per process, as muster's connects share a
 * process's dial limit. Driven over IPC with the same commands (start, go, stats, stop).
 */
import * as net from 'node:net';
import { compareNodeNames, type NodeName } from '../../src/core/node-name.js';
import { pool } from '../lib/raw-connect.js';
import type { HostStats } from './full-mesh-node-host.js';

export type RawHostCommand =
  | { op: 'start'; hosts: string[]; allHosts: string[]; port: number }
  | { op: 'go' }
  | { op: 'stats' }
  | { op: 'stop' };

/** In-flight raw dials per process: muster's process dial limit (transport/tcp/dial-gate.ts). */
const PROCESS_DIALS = 512;
const EXCHANGE = 16;

interface RawNode {
  readonly host: string;
  readonly server: net.Server;
  /** Peers whose exchange finished, dialed or accepted. */
  up: number;
}

const nodes: RawNode[] = [];
const sockets = new Set<net.Socket>();
let allHosts: string[] = [];
let port = 0;
let dialed = 0;
let accepted = 0;
let complete = 0;
let goAt = 0;
let cpuAtGo = { user: 0, system: 0 };
let full = false;

const send = (msg: object) => process.send?.(msg);
const nameOf = (host: string) => `mesh@${host}` as NodeName;

function peerUp(node: RawNode): void {
  if (++node.up === allHosts.length - 1) complete++;
  if (!full && goAt !== 0 && complete === nodes.length) {
    full = true;
    const cpu = process.cpuUsage(cpuAtGo);
    send({ op: 'full', ms: performance.now() - goAt, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
}

function hold(socket: net.Socket): void {
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
  socket.on('error', () => {});
}

/** Reads exactly EXCHANGE bytes, then calls `done` once. */
function onExchange(socket: net.Socket, done: () => void): void {
  let got = 0;
  const onData = (chunk: Buffer) => {
    got += chunk.length;
    if (got < EXCHANGE) return;
    socket.off('data', onData);
    done();
  };
  socket.on('data', onData);
}

function listenOn(host: string): Promise<RawNode> {
  const node: RawNode = { host, server: net.createServer({ noDelay: true }), up: 0 };
  node.server.on('connection', (socket) => {
    accepted++;
    hold(socket);
    onExchange(socket, () => {
      socket.write(Buffer.alloc(EXCHANGE, 2));
      peerUp(node);
    });
  });
  return new Promise((resolve, reject) => {
    node.server.once('error', reject);
    node.server.listen({ host, port, backlog: 4096 }, () => resolve(node));
  });
}

function dial(from: RawNode, to: string): Promise<boolean> {
  dialed++;
  return new Promise((resolve) => {
    const socket = net.connect({ host: to, port, localAddress: from.host, noDelay: true });
    hold(socket);
    socket.once('connect', () => socket.write(Buffer.alloc(EXCHANGE, 1)));
    socket.once('error', () => resolve(false));
    onExchange(socket, () => {
      peerUp(from);
      resolve(true);
    });
  });
}

/** Every pair this process dials, nodes taking turns so that all of them progress together. */
function pairs(): [RawNode, string][] {
  const perNode = nodes.map((n) =>
    allHosts.filter((h) => compareNodeNames(nameOf(n.host), nameOf(h)) < 0),
  );
  const out: [RawNode, string][] = [];
  const longest = Math.max(0, ...perNode.map((p) => p.length));
  for (let i = 0; i < longest; i++) {
    nodes.forEach((n, k) => {
      const to = perNode[k]![i];
      if (to !== undefined) out.push([n, to]);
    });
  }
  return out;
}

function stats(): HostStats {
  let listed = 0;
  for (const n of nodes) listed += n.up;
  return {
    sockets: sockets.size,
    accepted,
    dialed,
    listed,
    nodeups: listed,
    nodedowns: 0,
    connectFailures: 0,
    retries: 0,
    connectAttempts: dialed,
    admissionPolls: 0,
    admissionRefusals: 0,
    queuedDials: 0,
    handshakeFailures: {},
  };
}

process.on('message', (cmd: RawHostCommand) => {
  switch (cmd.op) {
    case 'start':
      allHosts = cmd.allHosts;
      port = cmd.port;
      Promise.all(cmd.hosts.map(listenOn)).then(
        (started) => {
          nodes.push(...started);
          send({ op: 'started' });
        },
        (err: unknown) => send({ op: 'error', error: String(err) }),
      );
      break;
    case 'go': {
      goAt = performance.now();
      cpuAtGo = process.cpuUsage();
      const todo = pairs();
      void pool(todo.length, PROCESS_DIALS, (i) => dial(...todo[i]!));
      break;
    }
    case 'stats':
      send({ op: 'stats', stats: stats() });
      break;
    case 'stop':
      for (const s of sockets) s.destroy();
      for (const n of nodes) n.server.close();
      process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
