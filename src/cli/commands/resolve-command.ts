import type { MusterError } from '../../core/errors.js';
import { toMusterError } from '../../core/errors.js';
import { intOption, noPositionals, parseCommandArgs, required } from '../args.js';
import { ExitCode, formatError, ResolveFailedError } from '../cli-errors.js';
import type { Command, CommandContext } from '../command.js';
import { buildProbes, probeOptions, stopProbes, type TopologyProbe } from '../topology-probes.js';

/**
 * Longer than any built-in strategy's own limit at its defaults (dns-poll: 5 s x 2 attempts per
 * nameserver), so a silent source shows its own code (MUSTER_ERR_DNS_TIMEOUT), not ours.
 */
export const DEFAULT_TIMEOUT_MS = 60_000;

const help = `Usage: muster resolve --config <file> [--topology <name>] [--json] [--timeout <ms>]

Resolves this node's identity (if the config has an identity block), builds each topology's
strategy from the config (no transport is started), runs one discovery poll and prints the
nodes each topology finds right now.

Options:
  -c, --config <file>    JSON file, or an ES module (.js/.mjs) whose default export is the config
  -t, --topology <name>  only this topology
      --json             print {"topologies":[{"name","strategy","ok","nodes","error"}]}
      --timeout <ms>     how long to wait for the first answer (default ${DEFAULT_TIMEOUT_MS}, longer
                         than the strategies' own limits, so their coded errors show)
  -h, --help             this text

Exit codes: 0 every topology answered, 1 a discovery failed or timed out,
            2 bad arguments or config.`;

export interface TopologyResult {
  readonly name: string;
  readonly strategy: string;
  readonly ok: boolean;
  readonly nodes: string[];
  readonly error?: { readonly code: string; readonly message: string };
}

export const resolveCommand: Command = {
  name: 'resolve',
  summary: 'print what each topology discovers right now',
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('resolve', {
      args,
      allowPositionals: true,
      options: { ...probeOptions, timeout: { type: 'string' } },
    });
    if (values.help) {
      context.out(help);
      return ExitCode.ok;
    }
    noPositionals('resolve', positionals);
    const file = required(values.config, 'config', 'resolve');
    const timeout =
      intOption(values.timeout, 'timeout', { min: 1, max: 3_600_000 }) ?? DEFAULT_TIMEOUT_MS;
    const probes = await buildProbes('resolve', file, values.topology);
    let results: TopologyResult[];
    try {
      results = await Promise.all(probes.map((p) => probeOnce(p, timeout, context.signal)));
    } finally {
      await stopProbes(probes);
    }
    print(results, values.json === true, context);
    return results.every((r) => r.ok) ? ExitCode.ok : ExitCode.failure;
  },
};

/** Starts one strategy and waits for its first answer, its first error, or the timeout. */
export async function probeOnce(
  probe: TopologyProbe,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<TopologyResult> {
  const base = { name: probe.topology, strategy: probe.strategy };
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const failed = new Promise<MusterError>((resolve) => {
    probe.instance.once('error', resolve);
    timer = setTimeout(
      () => resolve(new ResolveFailedError(`[${probe.topology}] no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    onAbort = () => resolve(new ResolveFailedError(`[${probe.topology}] interrupted`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await probe.instance.start();
    const outcome = await Promise.race([probe.instance.ready.then(() => undefined), failed]);
    if (outcome !== undefined) {
      return {
        ...base,
        ok: false,
        nodes: [],
        error: { code: outcome.code, message: outcome.message },
      };
    }
    return { ...base, ok: true, nodes: [...probe.instance.known()].sort() };
  } catch (err) {
    const e = toMusterError(err);
    return { ...base, ok: false, nodes: [], error: { code: e.code, message: e.message } };
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

function print(results: readonly TopologyResult[], json: boolean, context: CommandContext): void {
  for (const r of results) {
    if (r.error) context.err(formatError(r.error));
  }
  if (json) {
    context.out(JSON.stringify({ topologies: results }, null, 2));
    return;
  }
  for (const r of results) {
    const head = `${r.name} (${r.strategy})`;
    if (!r.ok) {
      context.out(`${head}: failed: ${r.error?.code}`);
      continue;
    }
    context.out(`${head}: ${r.nodes.length} node${r.nodes.length === 1 ? '' : 's'}`);
    for (const node of r.nodes) context.out(`  ${node}`);
  }
}
