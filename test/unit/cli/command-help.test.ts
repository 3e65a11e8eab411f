import { describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../src/cli/commands/doctor-command.js';
import { resolveCommand } from '../../../src/cli/commands/resolve-command.js';
import { watchCommand } from '../../../src/cli/commands/watch-command.js';
import { probeOptions } from '../../../src/cli/topology-probes.js';

// A user reads `--help`, not docs/cli.md: an option the command parses but its help leaves out
// does not exist for them (found by the 11-30 new-user trial: `doctor --topology`).
describe('help of the commands that share the topology options', () => {
  for (const command of [doctorCommand, resolveCommand, watchCommand]) {
    it(`muster ${command.name} --help lists every shared option`, () => {
      for (const [name, spec] of Object.entries(probeOptions)) {
        expect(command.help).toContain(`--${name}`);
        if ('short' in spec) expect(command.help).toContain(`-${spec.short}, --${name}`);
      }
    });
  }
});
