import { appendFileSync } from 'node:fs';
import { type Cluster, createCluster, type NodeName } from '../../src/index.js';
import type { TcpTransport } from '../../src/transport/tcp/index.js';

/** A Cluster over TCP with its events recorded; the file-level teardown stops it. */
export interface Recorded {
  readonly cluster: Cluster;
  readonly name: NodeName;
  readonly ups: string[];
  readonly downs: { node: string; reason: string }[];
  readonly errors: { code: string; topology: string }[];
  readonly transport: () => TcpTransport;
}

export const COOKIE = 'reliability-cookie';

export function recordedCluster(
  name: string,
  topologies: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  transport: Record<string, unknown> = {},
): Recorded {
  const cluster = createCluster({
    name,
    cookie: COOKIE,
    transport: { kind: 'tcp', port: 4370, ...transport },
    topologies,
    debounce: 1,
    retry: { initialDelay: 20, maxDelay: 200 },
    logLevel: 'silent',
    ...extra,
  } as never);
  const r: Recorded = {
    cluster,
    name: name as NodeName,
    ups: [],
    downs: [],
    errors: [],
    transport: () => cluster.transportInstance as TcpTransport,
  };
  cluster.on('nodeup', (n) => r.ups.push(n));
  cluster.on('nodedown', (node, reason) => r.downs.push({ node, reason }));
  cluster.on('discovery:error', (e, topology) => r.errors.push({ code: e.code, topology }));
  return r;
}

export function staticTopology(nodes: readonly string[]): Record<string, unknown> {
  return { lab: { strategy: 'static', config: { nodes } } };
}

/** Resolves on the `count`-th event `event` of `cluster` counted from now. */
export function nthEvent(
  cluster: Cluster,
  event: 'discovery:error' | 'nodeup' | 'nodedown',
  count: number,
): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const on = () => {
      if (++seen < count) return;
      cluster.off(event, on);
      resolve();
    };
    cluster.on(event, on);
  });
}

/** Resolves when `cluster` reports `node` up (at once if it is connected). */
export function upOn(cluster: Cluster, node: string): Promise<void> {
  if (cluster.nodes().includes(node as NodeName)) return Promise.resolve();
  return new Promise((resolve) => {
    const on = (n: string) => {
      if (n !== node) return;
      cluster.off('nodeup', on);
      resolve();
    };
    cluster.on('nodeup', on);
  });
}

/** With MUSTER_REPORT=<file>, appends a measurement as a JSON line (for docs/reliability.md). */
export function report(what: string, data: unknown): void {
  const file = process.env.MUSTER_REPORT;
  if (file) appendFileSync(file, `${JSON.stringify({ what, data })}\n`);
}
