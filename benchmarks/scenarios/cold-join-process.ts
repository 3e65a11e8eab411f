/**
 * Child process of the cold-join scenario: a fresh process that joins N peers once, as a
 * user's service does at boot, and exits. `muster`: createCluster with dns-poll, timed from
 * start() to N nodeups; `raw`: net connect + a 16-byte round trip to every peer with the same
 * concurrency, timed from the first connect to the last reply. Module loading is not timed.
 * BENCH_PROFILE_RUN_DIR=dir: a CPU profile of the timed phase only (benchmarks/lib/run-profile.ts).
 *
 *   IPC in:  { mode: 'raw' | 'muster', hosts, rawPort, dns, queries }
 *   IPC out: { ms, cpuMs, connected } | { error }
 */

import type * as net from 'node:net';
import { benchNode, nodeups } from '../lib/cluster-node.js';
import { closeAll, pool, roundTrip, timed } from '../lib/raw-connect.js';
import { startRunProfile, stopRunProfile } from '../lib/run-profile.js';

export interface ColdJoinCommand {
  readonly mode: 'raw' | 'muster';
  readonly hosts: readonly string[];
  readonly rawPort: number;
  readonly self: string;
  readonly dns: string;
  readonly queries: readonly string[];
  readonly concurrency: number;
}

export interface ColdJoinReply {
  readonly ms?: number;
  readonly cpuMs?: number;
  readonly connected?: number;
  readonly error?: string;
}

async function raw(cmd: ColdJoinCommand): Promise<ColdJoinReply> {
  const sockets: net.Socket[] = [];
  await startRunProfile();
  const phase = await timed(cmd.hosts.length, () =>
    pool(cmd.hosts.length, cmd.concurrency, (i) => roundTrip(cmd.hosts[i]!, cmd.rawPort, sockets)),
  );
  await stopRunProfile('cold-raw');
  await closeAll(sockets);
  return { ms: phase.ms, cpuMs: phase.cpuMs, connected: cmd.hosts.length - phase.failed };
}

async function muster(cmd: ColdJoinCommand): Promise<ColdJoinReply> {
  const n = cmd.hosts.length;
  const cluster = benchNode({
    name: `cold@${cmd.self}`,
    host: cmd.self,
    dns: cmd.dns,
    queries: cmd.queries,
    basename: 'peer',
  });
  const upTo = nodeups(cluster, n, 60_000 + n * 10);
  await startRunProfile();
  const phase = await timed(n, async () => {
    await cluster.start();
    return n - (await upTo.catch(() => cluster.nodes().length));
  });
  await stopRunProfile('cold-muster');
  const connected = cluster.nodes().length;
  await cluster.stop();
  return { ms: phase.ms, cpuMs: phase.cpuMs, connected };
}

process.once('message', (cmd: ColdJoinCommand) => {
  (cmd.mode === 'raw' ? raw(cmd) : muster(cmd)).then(
    (reply) => process.send?.(reply, () => process.exit(0)),
    (err: unknown) => process.send?.({ error: String(err) }, () => process.exit(1)),
  );
});
