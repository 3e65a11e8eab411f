/**
 * Scenario 2, full mesh: M nodes in several child processes boot with an empty DNS name, then
 * the name is filled and every node polls at once. Time from that first poll to full mesh
 * (every node lists M-1 peers; boot excluded), TCP connections at the end (must be
 * M(M-1)/2) and connections opened on the way (extra %), beside the BEAM's published figures.
 * The baseline, measured in the same run and the same process layout: a raw mesh
 * (raw-mesh-node-host.ts), plain `net` connect plus a 16-byte exchange for every pair.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DnsServer } from '../../src/testing/index.js';
import { hostIn, RANGES, SERVICE_HOSTS } from '../lib/addresses.js';
import { load1 } from '../lib/env-info.js';
import { round } from '../lib/measure.js';
import { MUSTER_PORT } from '../lib/peer-hosts.js';
import { type ScenarioOptions, type ScenarioResult, target } from '../lib/result.js';
import type { HostCommand, HostStats } from './full-mesh-node-host.js';
import type { RawHostCommand } from './raw-mesh-node-host.js';

/** Who forms the mesh: muster nodes polling DNS, or the raw baseline. */
type MeshKind = 'muster' | 'raw';
const HOST_SCRIPTS: Record<MeshKind, string> = {
  muster: fileURLToPath(new URL('./full-mesh-node-host.ts', import.meta.url)),
  raw: fileURLToPath(new URL('./raw-mesh-node-host.ts', import.meta.url)),
};

/** The seed on the BEAM, from issue 7: time to full mesh in seconds, by M. */
export const BEAM_FULL_MESH_S: Record<number, number> = { 10: 0.68, 50: 1.7, 100: 5.7, 200: 26.6 };
/**
 * Node processes the M nodes are spread over. As few as the 20,000-descriptor limit allows on
 * 2 cores: at M = 200 each process holds M(M-1)/P sockets, so 2 processes fail with EMFILE,
 * 3 hold ~13,300 each, and 4 spend ~10 % more CPU switching between processes (measured:
 * 2.84-2.87 s with 3, 3.1-3.3 s with 4). BENCH_MESH_PROCESSES overrides it.
 */
const PROCESSES = Number(process.env.BENCH_MESH_PROCESSES ?? 3);
/** BENCH_PROFILE_DIR=dir: children run with --cpu-prof into dir (for diagnosis). */
const PROFILE = process.env.BENCH_PROFILE_DIR
  ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR]
  : [];
const TIMEOUT_MS = Number(process.env.BENCH_MESH_TIMEOUT_MS ?? 120_000);
/** Per-node connectConcurrency; unset = muster's default (256). For experiments only. */
const CONCURRENCY = process.env.BENCH_MESH_CONCURRENCY
  ? Number(process.env.BENCH_MESH_CONCURRENCY)
  : undefined;

type Reply = { op: string; error?: string; ms?: number; cpuMs?: number; stats?: HostStats };

function ask(
  child: ChildProcess,
  cmd: HostCommand | RawHostCommand,
  reply: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const on = (m: Reply) => {
      if (m.op !== reply && m.op !== 'error') return;
      child.off('message', on);
      m.op === 'error' ? reject(new Error(m.error)) : resolve(m);
    };
    child.on('message', on);
    child.send(cmd);
  });
}

async function totals(children: ChildProcess[]): Promise<HostStats> {
  const all = await Promise.all(children.map((c) => ask(c, { op: 'stats' }, 'stats')));
  const sum = {
    sockets: 0,
    accepted: 0,
    dialed: 0,
    listed: 0,
    nodeups: 0,
    nodedowns: 0,
    connectFailures: 0,
    retries: 0,
    connectAttempts: 0,
    admissionPolls: 0,
    admissionRefusals: 0,
    queuedDials: 0,
    handshakeFailures: {} as Record<string, number>,
  };
  for (const { stats } of all) {
    for (const [k, v] of Object.entries(stats!)) {
      if (typeof v === 'number') (sum as unknown as Record<string, number>)[k]! += v;
    }
    for (const [k, v] of Object.entries(stats!.handshakeFailures)) {
      sum.handshakeFailures[k] = (sum.handshakeFailures[k] ?? 0) + v;
    }
  }
  return sum;
}

async function one(m: number, kind: MeshKind, progress: (msg: string) => void) {
  const hosts = Array.from({ length: m }, (_, i) => hostIn(RANGES.fullMesh, i));
  const server = new DnsServer({ host: SERVICE_HOSTS.dnsFullMesh });
  await server.start();
  const query = `mesh${m}.bench.`;
  const children = Array.from({ length: PROCESSES }, () =>
    fork(HOST_SCRIPTS[kind], [], {
      execArgv: ['--import', 'tsx', ...PROFILE],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    }),
  );
  const per = Math.ceil(m / PROCESSES);
  try {
    progress(`M=${m} ${kind}: booting ${m} nodes in ${PROCESSES} processes`);
    await Promise.all(
      children.map((c, i) => {
        const mine = hosts.slice(i * per, (i + 1) * per);
        const start: HostCommand | RawHostCommand =
          kind === 'raw'
            ? { op: 'start', hosts: mine, allHosts: hosts, port: MUSTER_PORT }
            : {
                op: 'start',
                hosts: mine,
                dns: server.address,
                query,
                peers: m - 1,
                connectConcurrency: CONCURRENCY,
              };
        return ask(c, start, 'started');
      }),
    );
    server.setA(query, hosts);
    progress(`M=${m} ${kind}: every node ${kind === 'raw' ? 'dials' : 'polls'} now`);
    const t0 = performance.now();
    const fulls = Promise.all(children.map((c) => ask(c, { op: 'go' }, 'full')));
    let childMs: Reply[] | undefined;
    fulls.then((r) => {
      childMs = r;
    });
    // Progress (and a timeout that reports how far the mesh got instead of throwing).
    while (childMs === undefined && performance.now() - t0 < TIMEOUT_MS) {
      await Promise.race([fulls, new Promise((r) => setTimeout(r, 2_000))]);
      if (childMs !== undefined) break;
      const now = await totals(children);
      progress(
        `M=${m} ${kind}: ${now.listed} of ${m * (m - 1)} peer entries after ${Math.round((performance.now() - t0) / 1000)} s` +
          ` (dialed ${now.dialed}, queued ${now.queuedDials}, failed connects ${now.connectFailures})`,
      );
    }
    const ms = performance.now() - t0;
    // Let simultaneous-dial losers and late refusals finish before counting.
    let end = await totals(children);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const next = await totals(children);
      const stable = next.dialed === end.dialed && next.sockets === end.sockets;
      end = next;
      if (stable) break;
    }
    const pairs = (m * (m - 1)) / 2;
    const beam = kind === 'muster' ? BEAM_FULL_MESH_S[m] : undefined;
    return {
      m,
      kind,
      processes: PROCESSES,
      connectConcurrency: CONCURRENCY ?? 'default (256)',
      reachedFullMesh: childMs !== undefined,
      msToFullMesh: Math.round(ms),
      slowestProcessMs: childMs ? Math.round(Math.max(...childMs.map((r) => r.ms ?? 0))) : null,
      /** CPU of the node processes from the first poll to their full mesh, summed: against
       * 2 cores x the time, it says whether the run was CPU-bound. */
      cpuMsToFullMesh: childMs ? Math.round(childMs.reduce((t, r) => t + (r.cpuMs ?? 0), 0)) : null,
      connectionsExpected: pairs,
      connectionsAtEnd: end.sockets / 2,
      connectionsOpened: end.dialed,
      extraOpenedPercent: round(((end.dialed - pairs) / pairs) * 100, 2),
      listed: end.listed,
      nodeups: end.nodeups,
      nodedowns: end.nodedowns,
      connectFailures: end.connectFailures,
      connectRetries: end.retries,
      connectAttempts: end.connectAttempts,
      /** Polls admission triggered (an inbound dial before the acceptor's own answer). */
      admissionPolls: end.admissionPolls,
      admissionRefusals: end.admissionRefusals,
      handshakeFailures: end.handshakeFailures,
      dnsQueries: server.stats,
      beamSeconds: beam ?? null,
      ratioToBeamTime: beam !== undefined && childMs ? round(beam / (ms / 1000), 2) : null,
    };
  } finally {
    await Promise.allSettled(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null) return resolve();
            const kill = setTimeout(() => c.kill('SIGKILL'), 5_000);
            c.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            c.send({ op: 'stop' });
          }),
      ),
    );
    await server.stop();
  }
}

/** The raw mesh, then muster's, at one size; muster's run carries its ratio to the raw one. */
async function pair(m: number, progress: (msg: string) => void) {
  const raw = await one(m, 'raw', progress);
  const muster = await one(m, 'muster', progress);
  return {
    ...muster,
    raw: {
      reachedFullMesh: raw.reachedFullMesh,
      msToFullMesh: raw.msToFullMesh,
      cpuMsToFullMesh: raw.cpuMsToFullMesh,
      connectionsAtEnd: raw.connectionsAtEnd,
    },
    /** muster's time to full mesh over the raw mesh's (lower is better; DESIGN.md: <= 1.5). */
    timeToRaw:
      muster.reachedFullMesh && raw.reachedFullMesh
        ? round(muster.msToFullMesh / raw.msToFullMesh, 2)
        : null,
  };
}

export async function fullMesh(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const start = load1();
  const sizes = o.n !== undefined ? [o.n] : o.quick ? [20] : [50, 200];
  const runs = [];
  for (const m of sizes) runs.push(await pair(m, o.progress));
  const ratios: Record<string, number> = {};
  const targets: ScenarioResult['targets'] = {};
  for (const r of runs) {
    if (r.ratioToBeamTime !== null) ratios[`beam_time_m${r.m}`] = r.ratioToBeamTime;
    if (r.timeToRaw !== null) ratios[`time_to_raw_m${r.m}`] = r.timeToRaw;
    if (r.m === 200) {
      if (r.timeToRaw !== null) targets.time_to_raw_m200 = target(r.timeToRaw, '<', 1.5, 'x');
      targets.extra_opened_m200_percent = target(r.extraOpenedPercent, '<', 1, ' %');
    }
    targets[`exact_connections_m${r.m}`] = target(
      r.connectionsAtEnd === r.connectionsExpected ? 1 : 0,
      '>=',
      1,
    );
  }
  return {
    scenario: 'full-mesh',
    load: { start, end: load1() },
    wallMs: Math.round(performance.now() - t0),
    ratios,
    targets,
    notes: [
      'Boot excluded: nodes start with the DNS name empty; the clock starts when every node is told to poll.',
      'Baseline: a raw mesh in the same process layout, run just before: plain net connect + a 16-byte exchange per pair, the lower name dialing, 512 dials in flight per process.',
      "Connections opened = sum of every transport's dialed count; at the end = sum of open sockets / 2.",
      'BEAM figures (OTP 25, one BEAM per node, real dnsmasq) are from issue 7, not re-measured here.',
    ],
    data: runs,
  };
}

export type FullMeshRun = Awaited<ReturnType<typeof pair>>;
