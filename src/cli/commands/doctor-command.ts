import type { ResolvedConfig } from '../../core/config.js';
import { toMusterError } from '../../core/errors.js';
import { hostOf, type NodeName, toNodeName } from '../../core/node-name.js';
import { intOption, noPositionals, parseCommandArgs, required } from '../args.js';
import { ExitCode, UsageError } from '../cli-errors.js';
import type { Command, CommandContext } from '../command.js';
import { loadConfigFile } from '../config-file.js';
import { HandshakeProber, tcpOptionsOf, tcpProbe } from '../doctor/doctor-dial.js';
import { DoctorCode, type Finding, finding } from '../doctor/doctor-findings.js';
import { selfFindings } from '../doctor/doctor-self.js';
import {
  cliLogger,
  probeOptions,
  probesFor,
  resolveWithIdentity,
  stopProbes,
} from '../topology-probes.js';
import { DEFAULT_TIMEOUT_MS, probeOnce, type TopologyResult } from './resolve-command.js';

const DIAL_TIMEOUT_MS = 5_000;

const help = `Usage: muster doctor --config <file> [--topology <name>] [--listen <ip>] [--json]
                     [--timeout <ms>]

Checks why discovered nodes would not connect: resolves this node's identity, checks its name
against this machine's addresses and its transport, runs each topology once, then dials every
discovered peer (a plain TCP connect, then a real handshake with the config's cookie and TLS)
and prints, per peer, what failed with its code and a hint.

Options:
  -c, --config <file>    JSON file, or an ES module (.js/.mjs) whose default export is the config
  -t, --topology <name>  only this topology
      --listen <ip>      local address the doctor's own transport listens on, at the config's
                         port (default 127.0.0.1; the node itself may hold its own address)
      --json             print {"self","topologies","peers"} as JSON
      --timeout <ms>     per topology's first answer (default ${DEFAULT_TIMEOUT_MS}); per dial ${DIAL_TIMEOUT_MS}
  -h, --help             this text

Exit codes: 0 every check passed and every peer is reachable, 1 something failed,
            2 bad arguments or config.`;

interface PeerResult {
  readonly node: string;
  readonly ok: boolean;
  readonly findings: Finding[];
}

interface Report {
  readonly self: { readonly name: string; readonly findings: Finding[] };
  readonly topologies: (TopologyResult & { readonly findings: Finding[] })[];
  readonly peers: PeerResult[];
}

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'say why discovered nodes do not connect',
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('doctor', {
      args,
      allowPositionals: true,
      options: { ...probeOptions, timeout: { type: 'string' }, listen: { type: 'string' } },
    });
    if (values.help) {
      context.out(help);
      return ExitCode.ok;
    }
    noPositionals('doctor', positionals);
    const file = required(values.config, 'config', 'doctor');
    const timeout =
      intOption(values.timeout, 'timeout', { min: 1, max: 3_600_000 }) ?? DEFAULT_TIMEOUT_MS;
    const listen = values.listen ?? '127.0.0.1';
    const logger = cliLogger();
    const config = await resolveWithIdentity(await loadConfigFile(file), logger);
    if (config.name === undefined) throw new UsageError('the node name is not resolved');
    const self = config.name;
    const report = await examine(config, self, file, values.topology, { timeout, listen }, context);
    print(report, values.json === true, context);
    const failed =
      report.self.findings.length > 0 ||
      report.topologies.some((t) => !t.ok || t.findings.length > 0) ||
      report.peers.some((p) => !p.ok);
    return failed ? ExitCode.failure : ExitCode.ok;
  },
};

async function examine(
  config: ResolvedConfig,
  self: NodeName,
  file: string,
  only: string | undefined,
  options: { timeout: number; listen: string },
  context: CommandContext,
): Promise<Report> {
  const selfChecks = await selfFindings(config, self);
  const probes = probesFor('doctor', file, config, only, cliLogger());
  let results: TopologyResult[];
  try {
    results = await Promise.all(probes.map((p) => probeOnce(p, options.timeout, context.signal)));
  } finally {
    await stopProbes(probes);
  }
  const topologies = results.map((r) => ({ ...r, findings: topologyFindings(r, self) }));
  const peers = [...new Set(results.flatMap((r) => r.nodes))]
    .filter((n) => n !== self)
    .sort()
    .map((n) => toNodeName(n));
  return {
    self: { name: self, findings: selfChecks },
    topologies,
    peers: await dialAll(config, peers, options.listen),
  };
}

function topologyFindings(r: TopologyResult, self: NodeName): Finding[] {
  if (!r.ok) return [];
  if (r.nodes.filter((n) => n !== self).length === 0) {
    return [finding(DoctorCode.noPeers, `${r.name} (${r.strategy}) lists no other node`)];
  }
  // A static list need not name this node; discovery that reports the service should.
  if (r.strategy !== 'static' && !r.nodes.includes(self)) {
    return [finding(DoctorCode.selfNotDiscovered, `${r.name} does not list ${self}`)];
  }
  return [];
}

async function dialAll(
  config: ResolvedConfig,
  peers: readonly NodeName[],
  listen: string,
): Promise<PeerResult[]> {
  const tcp = tcpOptionsOf(config);
  if (tcp === undefined || peers.length === 0) {
    return peers.map((node) => ({ node, ok: true, findings: [] }));
  }
  const port = tcp.epmd === false ? tcp.port : undefined;
  let prober: HandshakeProber | undefined;
  let proberError: Finding | undefined;
  try {
    prober = await HandshakeProber.start(config, listen);
  } catch (err) {
    const e = toMusterError(err);
    proberError = {
      code: e.code,
      message: `cannot run the handshake check: ${e.message}`,
      hint: 'pass --listen <a free local address> (the port is the config transport port)',
    };
  }
  try {
    const out: PeerResult[] = [];
    for (const node of peers) {
      const tcp =
        port === undefined ? undefined : await tcpProbe(hostOf(node), port, DIAL_TIMEOUT_MS);
      const handshake = tcp ?? proberError ?? (await prober!.check(node, DIAL_TIMEOUT_MS));
      out.push({ node, ok: handshake === undefined, findings: handshake ? [handshake] : [] });
    }
    return out;
  } finally {
    await prober?.stop();
  }
}

function print(report: Report, json: boolean, context: CommandContext): void {
  if (json) {
    context.out(JSON.stringify(report, null, 2));
    return;
  }
  const lines = (findings: readonly Finding[], indent: string) => {
    for (const f of findings) {
      context.out(`${indent}FAILED ${f.code}: ${f.message}`);
      context.out(`${indent}  hint: ${f.hint}`);
    }
  };
  context.out(
    `self ${report.self.name}: ${report.self.findings.length === 0 ? 'ok' : ''}`.trimEnd(),
  );
  lines(report.self.findings, '  ');
  for (const t of report.topologies) {
    const head = `topology ${t.name} (${t.strategy})`;
    if (!t.ok) {
      context.out(`${head}: FAILED ${t.error?.code}: ${t.error?.message}`);
      continue;
    }
    context.out(`${head}: ${t.nodes.length} node${t.nodes.length === 1 ? '' : 's'}`);
    lines(t.findings, '  ');
  }
  for (const p of report.peers) {
    context.out(`peer ${p.node}: ${p.ok ? 'ok' : ''}`.trimEnd());
    lines(p.findings, '  ');
  }
}
