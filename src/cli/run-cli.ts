import { readFileSync } from 'node:fs';
import { MusterError, toMusterError } from '../core/errors.js';
import { ExitCode, exitCodeFor, formatError, UsageError } from './cli-errors.js';
import type { Command, CommandContext } from './command.js';
import { benchCommand } from './commands/bench-command.js';
import { demoCommand } from './commands/demo-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { envCommand } from './commands/env-command.js';
import { epmdCommand } from './commands/epmd-command.js';
import { resolveCommand } from './commands/resolve-command.js';
import { watchCommand } from './commands/watch-command.js';

const COMMANDS: readonly Command[] = [
  demoCommand,
  resolveCommand,
  watchCommand,
  doctorCommand,
  epmdCommand,
  envCommand,
  benchCommand,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: muster <command> [options]

muster makes Node.js services discover each other and form a cluster.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "muster <command> --help" for a command's options. Docs: docs/cli.md

Exit codes: 0 ok, 1 runtime failure, 2 usage or config error.
Errors are printed on stderr as "muster: <code>: <message>".
Logs (JSON, stderr) follow MUSTER_LOG_LEVEL (default silent).`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/**
 * Runs one `muster` invocation and resolves with its exit code. SIGINT and SIGTERM abort the
 * command's signal (long-running commands stop gracefully); a second one exits at once.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      // No command is a usage error: the help goes to stderr and the exit code says so.
      err(mainHelp());
      return ExitCode.usage;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      const topic = name === 'help' ? rest[0] : undefined;
      const command = topic === undefined ? undefined : find(topic);
      out(command ? command.help : mainHelp());
      return ExitCode.ok;
    }
    if (name === '--version' || name === '-v') {
      out(version());
      return ExitCode.ok;
    }
    const command = find(name);
    const controller = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) process.exit(ExitCode.failure);
      controller.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const context: CommandContext = { out, err, signal: controller.signal };
    try {
      return await command.run([...rest], context);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  } catch (e) {
    const error = e instanceof MusterError ? e : toMusterError(e);
    err(formatError(error));
    return exitCodeFor(error);
  }
}

function find(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    throw new UsageError(
      `unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see: muster --help)`,
    );
  }
  return command;
}
