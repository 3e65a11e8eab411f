/** The tables of docs/benchmarks.md, from a run's scenario results. */
import type { FullMeshRun } from '../scenarios/full-mesh.js';
import type { ResolveAndConnectRun } from '../scenarios/resolve-and-connect.js';
import type { MachineInfo } from './env-info.js';
import type { ScenarioResult } from './result.js';

/** The seed on the BEAM (OTP 25), from issue 7. */
export const BEAM = {
  joinPeersPerSecond: 600,
  extraOpened: '5-13 %',
  memoryPerConnectionKiB: 46,
} as const;

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly (string | number)[])[]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');

export function resolveAndConnectTable(runs: readonly ResolveAndConnectRun[]): string {
  return table(
    [
      'N',
      'DNS names',
      'muster peers/s (median)',
      'raw peers/s (median)',
      'ratio to raw (median of rounds)',
      'ratios per round',
      'muster CPU ms',
      'raw CPU ms',
      'peak RSS MiB',
      'KiB/conn (heap+buffers)',
      'KiB/conn (RSS)',
      'x BEAM join rate (600/s)',
    ],
    runs.map((r) => [
      r.n.toLocaleString('en'),
      r.dnsNames,
      r.muster.medianPeersPerSecond,
      r.raw.medianPeersPerSecond,
      r.ratioToRaw,
      r.ratios.join(', '),
      r.muster.medianCpuMs,
      r.raw.medianCpuMs,
      r.muster.peakRssMiB,
      kib(r.muster.memoryPerConnection.heapAndBuffersBytes),
      kib(r.muster.memoryPerConnection.rssBytes),
      (r.muster.medianPeersPerSecond / BEAM.joinPeersPerSecond).toFixed(1),
    ]),
  );
}

export function fullMeshTable(runs: readonly FullMeshRun[]): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return table(
    [
      'M',
      'connectConcurrency',
      'muster: first poll to full mesh',
      'raw mesh (same run)',
      'muster / raw',
      'BEAM',
      'BEAM time / muster time',
      'connections at end (expected)',
      'opened in total',
      'extra opened',
      'BEAM extra opened',
      'admission polls (refused)',
    ],
    runs.map((r) => [
      r.m,
      r.connectConcurrency,
      r.reachedFullMesh
        ? seconds(r.msToFullMesh)
        : `**not reached** in ${(r.msToFullMesh / 1000).toFixed(0)} s (${r.listed} of ${r.m * (r.m - 1)} peer entries)`,
      r.raw?.reachedFullMesh ? seconds(r.raw.msToFullMesh) : 'n/a',
      r.timeToRaw ?? 'n/a',
      r.beamSeconds !== null ? `${r.beamSeconds} s` : 'n/a',
      r.ratioToBeamTime ?? 'n/a',
      `${r.connectionsAtEnd} (${r.connectionsExpected})`,
      r.connectionsOpened,
      `${r.extraOpenedPercent} %`,
      BEAM.extraOpened,
      r.admissionPolls === undefined ? 'n/a' : `${r.admissionPolls} (${r.admissionRefusals})`,
    ]),
  );
}

interface ColdJoinData {
  n: number;
  raw: { ms: number; peersPerSecond: number }[];
  muster: { ms: number; peersPerSecond: number; connected: number }[];
  ratios: number[];
  ratioToRaw: number;
  cpuRatioToRaw: number;
}

export function coldJoinTable(r: ScenarioResult): string {
  return table(
    ['N', 'round', 'raw, fresh process', 'muster, fresh process', 'muster / raw (peers/s)'],
    (r.data as ColdJoinData[]).flatMap((d) => [
      ...d.ratios.map((ratio, i) => [
        d.n,
        i + 1,
        `${d.raw[i]!.ms} ms (${d.raw[i]!.peersPerSecond}/s)`,
        `${d.muster[i]!.ms} ms (${d.muster[i]!.peersPerSecond}/s)`,
        ratio,
      ]),
      [d.n, '**median**', '', `CPU ${d.cpuRatioToRaw}x raw`, `**${d.ratioToRaw}**`],
    ]),
  );
}

interface ChurnData {
  n: number;
  replacedPerRound: number;
  medianMsToConverge: number;
  rounds: { round: number; msToConverge: number; transportSockets: number }[];
  leakedAfterStop: Record<string, number>;
}

export function churnTable(r: ScenarioResult): string {
  const d = r.data as ChurnData;
  return table(
    [
      'N',
      'replaced per round',
      'ms to converge per round',
      'median ms',
      'sockets after each round',
      'handles leaked after stop',
    ],
    [
      [
        d.n,
        d.replacedPerRound,
        d.rounds.map((x) => x.msToConverge).join(', '),
        d.medianMsToConverge,
        d.rounds.map((x) => x.transportSockets).join(', '),
        Object.keys(d.leakedAfterStop).length === 0 ? 'none' : JSON.stringify(d.leakedAfterStop),
      ],
    ],
  );
}

interface QuietData {
  strategyOnly: { nodes: number; medianCpuMs: number };
  realDns: {
    nodes: number;
    dnsNames: number;
    medianPollCpuMs: number;
    medianResolveOnlyCpuMs: number;
    beyondDnsCpuMs: number;
  };
}

export function quietPollTable(r: ScenarioResult): string {
  const d = r.data as QuietData;
  return table(
    [
      'nodes',
      'strategy only (no DNS): CPU ms/poll',
      'real DNS: poll CPU ms',
      'same resolves alone CPU ms',
      'beyond the DNS round trip',
      'target',
    ],
    [
      [
        d.realDns.nodes,
        d.strategyOnly.medianCpuMs,
        d.realDns.medianPollCpuMs,
        d.realDns.medianResolveOnlyCpuMs,
        `${d.realDns.beyondDnsCpuMs} ms`,
        '< 2 ms',
      ],
    ],
  );
}

interface MicroData {
  diff: { n: number; diffMs: number; baselineSetBuildMs: number };
  /** Absent in results written before the steady-state poll was measured. */
  steadyPoll?: { n: number; pollToFlushMs: number; baselineMs: number };
  dnsDecode: { records: number; bytes: number; musterMs: number; dnsPacketDecodeMs: number }[];
  handshake: {
    musterMsPerConnect: number;
    musterCpuMsPerConnect: number;
    rawMsPerConnect: number;
    rawCpuMsPerConnect: number;
  };
}

export function microTable(r: ScenarioResult): string {
  const d = r.data as MicroData;
  return table(
    ['measure', 'muster', 'same-run baseline', 'baseline'],
    [
      [
        `diff of ${d.diff.n.toLocaleString('en')} names (10 % replaced)`,
        `${d.diff.diffMs} ms`,
        `${d.diff.baselineSetBuildMs} ms`,
        'build + probe one Set',
      ],
      ...(d.steadyPoll
        ? [
            [
              `steady-state poll of ${d.steadyPoll.n.toLocaleString('en')} names to flushed (10 % replaced)`,
              `${d.steadyPoll.pollToFlushMs} ms`,
              `${d.steadyPoll.baselineMs} ms`,
              'build names + probe one Set',
            ],
          ]
        : []),
      ...d.dnsDecode.map((x) => [
        `decode ${x.records.toLocaleString('en')} A records (${x.bytes} B)`,
        `${x.musterMs} ms`,
        `${x.dnsPacketDecodeMs} ms`,
        "dns-packet's bare decode",
      ]),
      [
        'connect + handshake (wall, per connect)',
        `${d.handshake.musterMsPerConnect} ms`,
        `${d.handshake.rawMsPerConnect} ms`,
        'net connect + 16-byte echo',
      ],
      [
        'connect + handshake (CPU, both ends)',
        `${d.handshake.musterCpuMsPerConnect} ms`,
        `${d.handshake.rawCpuMsPerConnect} ms`,
        'net connect + 16-byte echo',
      ],
    ],
  );
}

export function targetsTable(results: readonly ScenarioResult[]): string {
  const rows = results.flatMap((r) =>
    Object.entries(r.targets).map(([k, t]) => [
      r.scenario,
      k,
      t.value,
      t.target,
      t.met ? 'met' : '**missed**',
    ]),
  );
  return table(['scenario', 'target', 'value', 'goal', ''], rows);
}

export function machineLine(m: MachineInfo, results: readonly ScenarioResult[]): string {
  const loads = results.map((r) => `${r.scenario} ${r.load.start}-${r.load.end}`).join(', ');
  return `${m.date.slice(0, 10)}, Node ${m.node}, ${m.cpus} x ${m.cpuModel}, ${m.totalMemMiB} MiB, ${m.platform}. Load average (1 min) during each scenario: ${loads}.`;
}
