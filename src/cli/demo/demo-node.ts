import 'reflect-metadata';
import '../../strategies/builtin.js';
import '../../transport/builtin.js';
import type { Cluster } from '../../core/cluster.js';
import { createCluster } from '../../core/create-cluster.js';
import { toMusterError } from '../../core/errors.js';
import {
  type ChildMessage,
  type DemoNodeSetup,
  isParentMessage,
  type ParentMessage,
} from './demo-protocol.js';

/**
 * One node of `muster demo`, run as a child process: a real cluster (TCP transport, dns-poll
 * against the demo's DNS server) that reports its events and `nodes()` to the parent over IPC.
 * It leaves gracefully on `stop` and when the parent goes away.
 */

let cluster: Cluster | undefined;
let leaving = false;

function send(message: ChildMessage): void {
  if (process.connected) process.send?.(message);
}

async function start(setup: DemoNodeSetup): Promise<void> {
  const c = createCluster({
    name: setup.name,
    cookie: setup.cookie,
    logLevel: process.env.MUSTER_LOG_LEVEL === undefined ? 'silent' : undefined,
    transport: { kind: 'tcp', port: setup.port, tickTime: setup.tickTime },
    topologies: {
      rancher: {
        strategy: 'dns-poll',
        config: {
          query: setup.query,
          nodeBasename: setup.basename,
          pollingInterval: setup.pollingInterval,
          nameservers: [setup.nameserver],
        },
      },
    },
  });
  cluster = c;
  c.on('nodeup', (node) => send({ type: 'nodeup', node, peers: c.nodes() }));
  c.on('nodedown', (node, reason, detail) =>
    send({ type: 'nodedown', node, reason, ...(detail ? { detail } : {}), peers: c.nodes() }),
  );
  c.on('diff', (diff) => send({ type: 'dns', added: diff.added, removed: diff.removed }));
  c.on('discovery:error', (err) => send({ type: 'error', code: err.code, message: err.message }));
  c.on('transport:error', (err) => send({ type: 'error', code: err.code, message: err.message }));
  await c.start();
  send({ type: 'ready', name: setup.name, peers: c.nodes() });
}

async function leave(code: number): Promise<void> {
  if (leaving) return;
  leaving = true;
  try {
    await cluster?.stop();
  } finally {
    send({ type: 'stopped' });
    if (process.connected) process.disconnect();
    process.exit(code);
  }
}

function onMessage(message: unknown): void {
  if (!isParentMessage(message)) return;
  const m: ParentMessage = message;
  if (m.type === 'stop') {
    void leave(0);
    return;
  }
  start(m.setup).catch((err: unknown) => {
    const e = toMusterError(err);
    send({ type: 'failed', code: e.code, message: e.message });
    void leave(1);
  });
}

if (process.send === undefined) {
  process.stderr.write('muster demo node: run by `muster demo` (needs an IPC channel)\n');
  process.exit(2);
}
process.on('message', onMessage);
// The demo went away (or was killed): never outlive it.
process.on('disconnect', () => void leave(0));
process.on('SIGTERM', () => void leave(0));
process.on('SIGINT', () => {});
