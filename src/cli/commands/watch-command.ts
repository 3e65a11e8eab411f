import { toMusterError } from '../../core/errors.js';
import { noPositionals, parseCommandArgs, required } from '../args.js';
import { ExitCode, formatError } from '../cli-errors.js';
import { type Command, type CommandContext, stayAliveUntil } from '../command.js';
import { buildProbes, probeOptions, stopProbes } from '../topology-probes.js';

const help = `Usage: muster watch --config <file> [--topology <name>] [--json]

Runs each topology's strategy (no transport) and prints every change as it happens, until
SIGINT or SIGTERM:

  <time> <topology> + <node>     the node appeared
  <time> <topology> - <node>     the node is gone
  <time> <topology> ! <code> <message>   a poll failed; the known nodes are kept

Options:
  -c, --config <file>    JSON file, or an ES module (.js/.mjs) whose default export is the config
  -t, --topology <name>  only this topology
      --json             one JSON object per line: {"time","topology","event","node"|"error"}
  -h, --help             this text

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 a strategy could not start,
            2 bad arguments or config.`;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'print discovery diffs and errors live',
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('watch', {
      args,
      allowPositionals: true,
      options: { ...probeOptions },
    });
    if (values.help) {
      context.out(help);
      return ExitCode.ok;
    }
    noPositionals('watch', positionals);
    const file = required(values.config, 'config', 'watch');
    const probes = await buildProbes('watch', file, values.topology);
    const emit = values.json === true ? jsonLine(context) : textLine(context);
    for (const p of probes) {
      const topology = p.topology;
      p.instance.on('diff', (diff) => {
        for (const node of diff.removed) emit({ topology, kind: '-', node });
        for (const node of diff.added) emit({ topology, kind: '+', node });
      });
      p.instance.on('error', (err) =>
        emit({ topology, kind: '!', code: err.code, message: err.message }),
      );
    }
    try {
      await Promise.all(probes.map((p) => p.instance.start()));
    } catch (err) {
      await stopProbes(probes);
      context.err(formatError(toMusterError(err)));
      return ExitCode.failure;
    }
    await stayAliveUntil(context.signal);
    await stopProbes(probes);
    return ExitCode.ok;
  },
};

type WatchEvent =
  | { readonly topology: string; readonly kind: '+' | '-'; readonly node: string }
  | {
      readonly topology: string;
      readonly kind: '!';
      readonly code: string;
      readonly message: string;
    };

type Emit = (event: WatchEvent) => void;

function textLine(context: CommandContext): Emit {
  return (e) =>
    context.out(
      `${clock()} ${e.topology} ${e.kind} ${e.kind === '!' ? `${e.code} ${e.message}` : e.node}`,
    );
}

function jsonLine(context: CommandContext): Emit {
  return (e) => {
    const time = new Date().toISOString(); // wall clock: a log timestamp
    const line =
      e.kind === '!'
        ? {
            time,
            topology: e.topology,
            event: 'error',
            error: { code: e.code, message: e.message },
          }
        : { time, topology: e.topology, event: e.kind === '+' ? 'add' : 'remove', node: e.node };
    context.out(JSON.stringify(line));
  };
}

/** `HH:MM:SS.mmm` local time (wall clock: a log timestamp). */
function clock(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
