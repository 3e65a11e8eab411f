import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

/**
 * Where logs go without a logger in the config: JSON lines on stderr, never on stdout (it
 * belongs to the application). A real discovery failure (a DNS server port that refuses)
 * makes the default logger write its warning; the child prints only "done" on stdout.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'muster-logs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function closedUdpPort(host: string): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((done) => socket.bind(0, host, done));
  const { port } = socket.address();
  await new Promise<void>((done) => socket.close(done));
  return port;
}

it('writes the default logger to stderr, not stdout', { timeout: 30_000 }, async () => {
  const port = await closedUdpPort('127.135.2.1');
  const script = join(work, 'app.mts');
  writeFileSync(
    script,
    `import { createCluster } from ${JSON.stringify(join(ROOT, 'src/index.ts'))};
const cluster = createCluster({
  name: 'app@127.135.2.2',
  transport: { kind: 'none' },
  topologies: { dns: { strategy: 'dns-poll', config: { query: 'svc', nodeBasename: 'app',
    nameservers: ['127.135.2.1:${port}'], timeout: 500, attempts: 1 } } },
});
const failed = new Promise((done) => cluster.once('discovery:error', done));
await cluster.start();
await failed;
await cluster.stop();
console.log('done');
`,
  );
  const { MUSTER_LOG_LEVEL: _, ...env } = process.env;
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env,
  });
  expect(stdout).toBe('done\n');
  const lines = stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { name: string; level: number; topology: string; msg: string });
  expect(lines.length).toBeGreaterThan(0);
  expect(lines[0]).toMatchObject({ name: 'muster', level: 40, topology: 'dns' });
});
