import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';

// The demo in tests uses 127.62.0.0/16 so it never clashes with a demo someone runs by hand
// (127.60.0.0/16). Each node is a child process running src/cli/demo/demo-node.ts via tsx.
describe('muster demo --plain', { timeout: 60_000 }, () => {
  it('forms a full mesh, scales up, down and heals after a kill, then exits 0', async () => {
    const r = await runCli([
      'demo',
      '--plain',
      '--nodes',
      '3',
      '--base-address',
      '127.62.0.0',
      '--port',
      '4371',
      '--timeout',
      '80000',
    ]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(lines.at(-1)).toMatch(
      /^muster demo: OK full mesh of 3 nodes formed in \d+ ms; scale-up to 4 converged in \d+ ms; scale-down to 3 converged in \d+ ms; kill \(SIGKILL\) to 2 converged in \d+ ms$/,
    );
    // The graceful leave is reported as such by the peers, the kill as a lost connection.
    expect(r.stdout).toMatch(/nodedown hello@127\.62\.1\.4 \(shutdown\)/);
    expect(r.stdout).toMatch(/kill: SIGKILL hello@127\.62\.1\.\d/);
    // Every node was stopped or killed before the summary.
    const pids = [...r.stdout.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
    expect(pids.length).toBeGreaterThanOrEqual(4);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  }, 120_000);

  it('exits 2 for a base address outside loopback', async () => {
    const r = await runCli(['demo', '--plain', '--base-address', '10.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--base-address expects a loopback \/16/);
  });
});
