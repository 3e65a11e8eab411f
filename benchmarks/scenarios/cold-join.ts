/**
 * Scenario: cold join. A user's service joins once, in a fresh process, with nothing warmed up.
 * Each pass forks a new process that joins N peers and exits: muster (createCluster + dns-poll,
 * start() to N nodeups) or raw (net connect + a 16-byte round trip per peer, same
 * concurrency). Passes alternate (raw, muster | muster, raw | ...); the headline is the median
 * over rounds of muster's peers/s over the raw rate of the same round (DESIGN.md: >= 0.8).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DnsServer } from '../../src/testing/index.js';
import { chunks, hostIn, RANGES, SERVICE_HOSTS } from '../lib/addresses.js';
import { load1 } from '../lib/env-info.js';
import { median, round } from '../lib/measure.js';
import { RAW_PORT, startPeerHosts } from '../lib/peer-hosts.js';
import { type ScenarioOptions, type ScenarioResult, target } from '../lib/result.js';
import type { ColdJoinCommand, ColdJoinReply } from './cold-join-process.js';

const CONCURRENCY = 256; // the cluster's default connectConcurrency
const ROUNDS = 3;
const SCRIPT = fileURLToPath(new URL('./cold-join-process.ts', import.meta.url));
/** BENCH_PROFILE_DIR=dir: each pass's process runs with --cpu-prof into dir (for diagnosis). */
const PROFILE = process.env.BENCH_PROFILE_DIR
  ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE_DIR]
  : [];

interface Pass {
  readonly ms: number;
  readonly cpuMs: number;
  readonly connected: number;
  readonly peersPerSecond: number;
}

function pass(cmd: ColdJoinCommand): Promise<Pass> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(SCRIPT, [], {
      execArgv: ['--import', 'tsx', ...PROFILE],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', (reply: ColdJoinReply) => {
      if (reply.error !== undefined || reply.ms === undefined) {
        reject(new Error(`cold ${cmd.mode} pass failed: ${reply.error}`));
        return;
      }
      resolve({
        ms: reply.ms,
        cpuMs: reply.cpuMs ?? 0,
        connected: reply.connected ?? 0,
        peersPerSecond: Math.round((cmd.hosts.length / reply.ms) * 1000),
      });
    });
    child.once('exit', (code) => reject(new Error(`cold ${cmd.mode} process exited ${code}`)));
    child.send(cmd);
  });
}

async function one(n: number, progress: (m: string) => void) {
  const hosts = Array.from({ length: n }, (_, i) => hostIn(RANGES.resolveAndConnect, i));
  progress(`N=${n}: starting 4 peer hosts`);
  const peers = await startPeerHosts(hosts, 4);
  const server = new DnsServer({ host: SERVICE_HOSTS.dnsColdJoin });
  try {
    await server.start();
    const parts = chunks(hosts);
    const queries = parts.map((_, i) => `cold${i}.n${n}.bench.`);
    for (const [i, part] of parts.entries()) server.setA(queries[i]!, part);
    const base = {
      hosts,
      rawPort: RAW_PORT,
      self: SERVICE_HOSTS.coldJoinSelf,
      dns: server.address,
      queries,
      concurrency: CONCURRENCY,
    };
    const raw: Pass[] = [];
    const muster: Pass[] = [];
    const musterPass = async () => {
      const p = await pass({ ...base, mode: 'muster' });
      await peers.quiet();
      return p;
    };
    for (let r = 0; r < ROUNDS; r++) {
      progress(`N=${n}: round ${r + 1} of ${ROUNDS} (a fresh process per pass)`);
      if (r % 2 === 0) {
        raw.push(await pass({ ...base, mode: 'raw' }));
        muster.push(await musterPass());
      } else {
        muster.push(await musterPass());
        raw.push(await pass({ ...base, mode: 'raw' }));
      }
    }
    const ratios = raw.map((x, i) => round(muster[i]!.peersPerSecond / x.peersPerSecond, 3));
    return {
      n,
      concurrency: CONCURRENCY,
      raw,
      muster,
      connected: Math.min(...muster.map((p) => p.connected)),
      ratios,
      ratioToRaw: median(ratios),
      cpuRatioToRaw: round(
        median(muster.map((p) => p.cpuMs)) / Math.max(1, median(raw.map((p) => p.cpuMs))),
        2,
      ),
    };
  } finally {
    await server.stop();
    peers.stop();
  }
}

export async function coldJoin(o: ScenarioOptions): Promise<ScenarioResult> {
  const t0 = performance.now();
  const start = load1();
  const runs = [await one(o.n ?? 2_000, o.progress)];
  const ratios: Record<string, number> = {};
  const targets: ScenarioResult['targets'] = {};
  for (const r of runs) {
    ratios[`n${r.n}`] = r.ratioToRaw;
    targets[`cold_ratio_n${r.n}`] = target(r.ratioToRaw, '>=', 0.8);
    targets[`cold_connected_n${r.n}`] = target(r.connected === r.n ? 1 : 0, '>=', 1);
  }
  return {
    scenario: 'cold-join',
    load: { start, end: load1() },
    wallMs: Math.round(performance.now() - t0),
    ratios,
    targets,
    notes: [
      'Each pass is a new process; module loading is not timed. muster: start() (DNS poll included) to the last nodeup; raw: first connect to the last reply.',
      `${ROUNDS} rounds alternate raw and muster passes; ratio = median of muster peers/s over the raw rate of the same round.`,
    ],
    data: runs,
  };
}
