import { toMusterError } from '../../core/errors.js';
import { helpOption, intOption, noPositionals, parseCommandArgs } from '../args.js';
import { ExitCode, formatError, UsageError } from '../cli-errors.js';
import type { Command, CommandContext } from '../command.js';
import { DemoFleet } from '../demo/demo-fleet.js';
import { runLiveDemo } from '../demo/demo-live.js';
import { runPlainDemo, summaryLine } from '../demo/demo-plain.js';
import { formatAt } from '../demo/demo-view.js';

const DEFAULTS = {
  nodes: 5,
  interval: 4_000,
  timeout: 60_000,
  base: '127.60.0.0',
  port: 4370,
  maxNodes: 50,
} as const;

const help = `Usage: muster demo [--nodes N] [--cycles K] [--interval ms] [--plain] [--timeout ms]
                   [--base-address 127.X.0.0] [--port P]

The seed's closing scene on one machine, nothing to install. An embedded DNS server on
127.60.0.1 answers "my-hello-service" with one A record per node; every node is a child process
(hello@127.60.1.<i>, TCP transport on port ${DEFAULTS.port}) polling that name every 500 ms and
connecting to what it finds. The demo scales the service up and down and shows who is
connected to whom.

With a terminal: a live view redrawn in place, scaling on a schedule and on keys:
  +  add a node        -  remove one gracefully (A record first, then the node leaves)
  k  kill one with SIGKILL (its record is removed)      q  quit
Without one (or with --plain): log lines, one scripted cycle (full mesh of N, scale up by one,
scale down by one, kill one), then a summary line "muster demo: OK ..." or "muster demo: FAILED ...".

Options:
  -n, --nodes <N>          nodes to start with (default ${DEFAULTS.nodes}, 2-${DEFAULTS.maxNodes})
      --cycles <K>         scripted cycles (plain default 1; live default 0 = until q)
      --interval <ms>      live view: time between scheduled steps (default ${DEFAULTS.interval}; 0 = keys only)
      --plain              plain log lines even on a terminal
      --timeout <ms>       plain mode: fail if the run takes longer (default ${DEFAULTS.timeout})
      --base-address <a>   the loopback /16 to use, 127.X.0.0 (default ${DEFAULTS.base})
      --port <P>           every node's TCP port (default ${DEFAULTS.port})
  -h, --help               this text

Exit codes: 0 OK (or quit from the live view), 1 FAILED (timeout, a node crashed,
            interrupted), 2 bad arguments. Every node started is stopped, or killed, on exit.`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'watch a cluster form, grow and heal (npm start)',
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('demo', {
      args,
      allowPositionals: true,
      options: {
        ...helpOption,
        nodes: { type: 'string', short: 'n' },
        cycles: { type: 'string' },
        interval: { type: 'string' },
        plain: { type: 'boolean' },
        timeout: { type: 'string' },
        'base-address': { type: 'string' },
        port: { type: 'string' },
      },
    });
    if (values.help) {
      context.out(help);
      return ExitCode.ok;
    }
    noPositionals('demo', positionals);
    const nodes =
      intOption(values.nodes, 'nodes', { min: 2, max: DEFAULTS.maxNodes }) ?? DEFAULTS.nodes;
    const live =
      values.plain !== true && process.stdout.isTTY === true && process.stdin.isTTY === true;
    const cycles = intOption(values.cycles, 'cycles', { min: 0, max: 1_000 }) ?? (live ? 0 : 1);
    const interval =
      intOption(values.interval, 'interval', { min: 0, max: 3_600_000 }) ?? DEFAULTS.interval;
    const timeout =
      intOption(values.timeout, 'timeout', { min: 1_000, max: 3_600_000 }) ?? DEFAULTS.timeout;
    const port = intOption(values.port, 'port', { min: 1, max: 65_535 }) ?? DEFAULTS.port;
    const prefix = loopbackPrefix(values['base-address'] ?? DEFAULTS.base);

    const fleet = new DemoFleet({
      prefix,
      query: 'my-hello-service',
      basename: 'hello',
      port,
      tickTime: 2_000,
      pollingInterval: 500,
    });
    try {
      if (live) {
        await fleet.start();
        await runLiveDemo(fleet, {
          nodes,
          cycles,
          interval,
          maxNodes: DEFAULTS.maxNodes,
          signal: context.signal,
          stdin: process.stdin,
          stdout: process.stdout,
          title: `muster demo: my-hello-service via DNS ${fleet.dns.address}, nodes hello@${prefix}.1.<i> port ${port}`,
        });
        context.out('muster demo: bye');
        return ExitCode.ok;
      }
      return await runPlain(fleet, { nodes, cycles, timeout }, context);
    } finally {
      await fleet.close();
    }
  },
};

async function runPlain(
  fleet: DemoFleet,
  options: { nodes: number; cycles: number; timeout: number },
  context: CommandContext,
): Promise<number> {
  const deadline = performance.now() + options.timeout;
  fleet.on('event', (e) => context.out(`${formatAt(e.at)} ${e.source}: ${e.text}`));
  try {
    await fleet.start();
    const times = await runPlainDemo(
      fleet,
      { nodes: options.nodes, cycles: options.cycles, deadline, signal: context.signal },
      (text) => context.out(`muster demo: ${text}`),
    );
    context.out(`muster demo: stopping every node`);
    await fleet.close();
    context.out(summaryLine(options.nodes, options.cycles, times));
    return ExitCode.ok;
  } catch (err) {
    const e = toMusterError(err);
    await fleet.close();
    context.out(`muster demo: FAILED ${e.message}`);
    context.err(formatError(e));
    return ExitCode.failure;
  }
}

/** `127.X.0.0` -> `127.X`: the demo stays inside one loopback /16. */
export function loopbackPrefix(base: string): string {
  const m = /^127\.(\d{1,3})\.0\.0$/.exec(base);
  if (!m || Number(m[1]) > 255) {
    throw new UsageError(
      `--base-address expects a loopback /16 written 127.X.0.0 (X from 0 to 255), got ${JSON.stringify(base)}`,
    );
  }
  return `127.${Number(m[1])}`;
}
