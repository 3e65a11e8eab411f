import { describe, expect, it } from 'vitest';
import { intOption } from '../../../src/cli/args.js';
import { ExitCode, exitCodeFor, UsageError } from '../../../src/cli/cli-errors.js';
import type { CommandContext } from '../../../src/cli/command.js';
import { benchCommand } from '../../../src/cli/commands/bench-command.js';
import { demoCommand, loopbackPrefix } from '../../../src/cli/commands/demo-command.js';
import { envCommand } from '../../../src/cli/commands/env-command.js';
import { epmdCommand } from '../../../src/cli/commands/epmd-command.js';
import { resolveCommand } from '../../../src/cli/commands/resolve-command.js';
import { watchCommand } from '../../../src/cli/commands/watch-command.js';
import { ConfigError, DiscoveryError, MissingVariableError } from '../../../src/core/errors.js';

const commands = [demoCommand, resolveCommand, watchCommand, epmdCommand, envCommand, benchCommand];

function context() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CommandContext = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    signal: new AbortController().signal,
  };
  return { ctx, out, err };
}

describe('muster commands', () => {
  it.each(commands.map((c) => [c.name, c] as const))('%s --help prints its usage', async (_, c) => {
    for (const flag of ['--help', '-h']) {
      const { ctx, out, err } = context();
      await expect(c.run([flag], ctx)).resolves.toBe(ExitCode.ok);
      expect(out.join('\n')).toMatch(new RegExp(`^Usage: muster ${c.name}`));
      expect(out.join('\n')).toMatch(/Exit codes:/);
      expect(err).toEqual([]);
    }
  });

  it('maps errors to exit codes: usage and config 2, everything else 1', () => {
    expect(exitCodeFor(new UsageError('x'))).toBe(2);
    expect(exitCodeFor(new ConfigError('a.b', 'a number'))).toBe(2);
    expect(exitCodeFor(new MissingVariableError('X', 'name'))).toBe(2);
    expect(exitCodeFor(new DiscoveryError('t', 'down'))).toBe(1);
    expect(exitCodeFor(new Error('boom'))).toBe(1);
  });

  it('parses integer flags within their range', () => {
    expect(intOption(undefined, 'n', { min: 1, max: 5 })).toBeUndefined();
    expect(intOption('3', 'n', { min: 1, max: 5 })).toBe(3);
    for (const bad of ['0', '6', '2.5', 'x', '', '1e3']) {
      expect(() => intOption(bad, 'n', { min: 1, max: 5 })).toThrow(UsageError);
    }
  });

  it('keeps the demo inside a loopback /16', () => {
    expect(loopbackPrefix('127.60.0.0')).toBe('127.60');
    expect(loopbackPrefix('127.062.0.0')).toBe('127.62');
    for (const bad of ['10.0.0.0', '127.60.1.0', '127.256.0.0', '127.60', 'localhost']) {
      expect(() => loopbackPrefix(bad)).toThrow(UsageError);
    }
  });
});
