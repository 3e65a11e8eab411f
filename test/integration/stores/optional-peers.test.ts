import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const helper = (file: string) => fileURLToPath(new URL(`../../helpers/${file}`, import.meta.url));

it('runs without pg, redis and etcd3 until a store strategy starts, which then names the package', async () => {
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      helper('hide-store-clients.mjs'),
      helper('optional-peers-probe.ts'),
    ],
    { timeout: 30_000 },
  );
  const out = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(out.strategies).toEqual(expect.arrayContaining(['dns-poll', 'postgres', 'redis', 'etcd']));
  expect(out.dnsPollCluster).toBe(true);
  expect(out.error.code).toBe('MUSTER_ERR_PEER_DEPENDENCY_MISSING');
  expect(out.error.message).toContain('npm install pg');
});
