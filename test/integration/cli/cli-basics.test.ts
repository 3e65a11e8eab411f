import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './cli-process.js';

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir();
});

afterAll(async () => {
  await dir.cleanup();
});

describe('muster (entry point)', { timeout: 60_000 }, () => {
  it('prints the command list with --help and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['demo', 'resolve', 'watch', 'epmd', 'env', 'bench']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    }
    expect(r.stderr).toBe('');
  });

  it('prints a command help with --help or -h, or via "help <command>", and exits 0', async () => {
    // Every command's help is checked in-process by test/unit/cli/commands.test.ts.
    const results = await Promise.all([
      runCli(['resolve', '--help']),
      runCli(['epmd', '-h']),
      runCli(['help', 'demo']),
    ]);
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: muster \w+/);
      expect(r.stdout).toMatch(/Exit codes:/);
    }
  });

  it('exits 2 with a coded error for an unknown command', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^muster: MUSTER_ERR_USAGE: unknown command "frobnicate"/);
  });

  it('exits 2 for an unknown flag, a missing --config and a bad number', async () => {
    const [flag, missing, number] = await Promise.all([
      runCli(['resolve', '--bogus']),
      runCli(['resolve']),
      runCli(['demo', '--nodes', 'many']),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^muster: MUSTER_ERR_USAGE: .*--bogus/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--config is required/);
    expect(number.code).toBe(2);
    expect(number.stderr).toMatch(/--nodes expects an integer/);
  });

  it('exits 2 naming the key path of an invalid config', async () => {
    const file = await dir.write('bad.json', {
      name: 'app@127.61.0.1',
      transport: { kind: 'none' },
      topologies: {
        web: {
          strategy: 'dns-poll',
          config: { query: 'x', nodeBasename: 'app', pollingInterval: -5 },
        },
      },
    });
    const r = await runCli(['resolve', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^muster: MUSTER_ERR_CONFIG: Invalid config at topologies\.web\.config\.pollingInterval/,
    );
  });

  it('exits 2 for a missing file, invalid JSON and a module without a default export', async () => {
    const json = await dir.write('broken.json', '{ "name": ');
    const mod = await dir.write('nodefault.mjs', 'export const config = {};\n');
    const [missing, broken, noDefault] = await Promise.all([
      runCli(['resolve', '--config', `${dir.path}/nope.json`]),
      runCli(['resolve', '--config', json]),
      runCli(['watch', '--config', mod]),
    ]);
    for (const r of [missing, broken, noDefault]) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^muster: MUSTER_ERR_CONFIG_FILE: /);
    }
    expect(missing.stderr).toMatch(/ENOENT/);
    expect(broken.stderr).toMatch(/not valid JSON/);
    expect(noDefault.stderr).toMatch(/no default export/);
  });

  it('exits 2 for env without a known provider', async () => {
    const r = await runCli(['env', 'consul']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown identity provider "consul"/);
  });
});
