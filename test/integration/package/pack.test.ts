import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

/**
 * The published artifact works: build, `npm pack`, install the tarball into a fresh project
 * (dependencies from the local npm cache, as npm ci left it), import both entry points, create
 * and run a cluster, and run the `muster` bin.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'muster-pack-'));

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('packs into a tarball a fresh project can install and use', { timeout: 180_000 }, async () => {
  await run('npm', ['run', '-s', 'build'], { cwd: ROOT });
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: ROOT,
  });
  const tarball = join(work, stdout.trim().split('\n').at(-1)!);

  const app = join(work, 'app');
  await run('mkdir', ['-p', app]);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', type: 'module', private: true }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: app,
  });

  writeFileSync(
    join(app, 'main.js'),
    `import { createCluster, ConfigError } from 'muster-cluster';
import { DnsServer } from 'muster-cluster/testing';
const dns = new DnsServer({ host: '127.64.0.1' });
const { host, port } = await dns.start();
dns.setA('svc', ['127.64.0.2', '127.64.0.3']);
const make = (ip) => createCluster({
  name: 'app@' + ip, cookie: 'pack-test-cookie-not-secret', logLevel: 'silent',
  topologies: { dns: { strategy: 'dns-poll', config: { query: 'svc', nodeBasename: 'app', pollingInterval: 100, nameservers: [host + ':' + port] } } },
});
const a = make('127.64.0.2'), b = make('127.64.0.3');
await a.start(); await b.start();
await a.ready({ minNodes: 1, timeout: 10000 });
let bad; try { createCluster({ name: 'x' }); } catch (e) { bad = e instanceof ConfigError; }
console.log(JSON.stringify({ nodes: a.nodes(), bad }));
await a.stop(); await b.stop(); await dns.stop();
`,
  );
  const out = await run(process.execPath, ['main.js'], { cwd: app });
  expect(JSON.parse(out.stdout)).toEqual({ nodes: ['app@127.64.0.3'], bad: true });

  const help = await run(join(app, 'node_modules/.bin/muster'), ['--help'], { cwd: app });
  expect(help.stdout).toContain('muster');
});
