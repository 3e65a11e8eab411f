import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BenchUnavailableError, ExitCode } from '../cli-errors.js';
import type { Command } from '../command.js';

const help = `Usage: muster bench [runner arguments...]

Runs the benchmarks runner of a clone of the muster repository:

  node --import tsx benchmarks/run.ts [runner arguments...]

from the repository's root, with the output and exit code of the runner. Every argument is
passed on unchanged; "muster bench -- --help" shows the runner's own help. An installed
package ships no benchmarks: run it from a clone of the muster repository.

Options:
  -h, --help   this text (only as the first argument)

Exit codes: the runner's (0 ok, 1 a benchmark failed or missed its gate),
            1 the benchmarks are not available here.`;

/** The package root: this file sits in src/cli/commands/ or dist/cli/commands/. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run the benchmarks (from a clone of the repository)',
  help,
  async run(args, context) {
    if (args[0] === '--help' || args[0] === '-h') {
      context.out(help);
      return ExitCode.ok;
    }
    const passOn = args[0] === '--' ? args.slice(1) : args;
    const runner = `${ROOT}benchmarks/run.ts`;
    if (!existsSync(runner)) {
      throw new BenchUnavailableError(
        `benchmarks are not available: ${runner} does not exist (an installed package ships no benchmarks; run "muster bench" from a clone of the repository)`,
      );
    }
    let tsx: string;
    try {
      tsx = import.meta.resolve('tsx');
    } catch {
      throw new BenchUnavailableError(
        'benchmarks need the dev dependency "tsx": run "npm install" in the repository first',
      );
    }
    const child = spawn(process.execPath, ['--import', tsx, runner, ...passOn], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    const forward = () => child.kill('SIGTERM');
    context.signal.addEventListener('abort', forward, { once: true });
    try {
      const code = await new Promise<number>((resolve) => {
        child.once('error', () => resolve(ExitCode.failure));
        child.once('exit', (exitCode) => resolve(exitCode ?? ExitCode.failure));
      });
      return code;
    } finally {
      context.signal.removeEventListener('abort', forward);
    }
  },
};
