import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

/**
 * The published artifact works: build, `npm pack`, install the tarball into a fresh project
 * (dependencies from the local npm cache, as npm ci left it) and nothing else, import both entry
 * points, create and run a cluster, compile a strict TypeScript program against the published
 * types (no skipLibCheck), run the README's complete example, and run the `muster` bin.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'muster-pack-'));
const app = join(work, 'app');

beforeAll(async () => {
  await run('npm', ['run', '-s', 'build'], { cwd: ROOT });
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: ROOT,
  });
  const tarball = join(work, stdout.trim().split('\n').at(-1)!);
  await run('mkdir', ['-p', app]);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'app', type: 'module', private: true }),
  );
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
    cwd: app,
  });
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('installs from the tarball and forms a cluster', { timeout: 60_000 }, async () => {
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

  // What the README promises is in the package: the MIT license and the API reference.
  const installed = join(app, 'node_modules/muster-cluster');
  expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  expect(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).license).toBe('MIT');
  expect(readFileSync(join(installed, 'docs/api/README.md'), 'utf8')).toContain('muster');
});

/** The README's runnable example, moved onto this test's own loopback block. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  const example = blocks.find((b) => b.includes("from 'muster-cluster/testing'"));
  if (!example) throw new Error('README.md has no runnable example using muster-cluster/testing');
  return example.replaceAll('127.80.0.', '127.135.0.');
}

it('compiles a strict program against the published types and runs the README example', {
  timeout: 120_000,
}, async () => {
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: false,
        noEmitOnError: true,
        outDir: 'out',
      },
      include: ['readme.ts', 'types.ts'],
    }),
  );
  writeFileSync(join(app, 'readme.ts'), readmeExample());
  writeFileSync(
    join(app, 'types.ts'),
    `import { type Cluster, type ClusterConfigInput, createCluster, DnsResolver, ConfigError } from 'muster-cluster';
import { DnsServer, RancherMetadataEmulator, strategyComplianceSuite } from 'muster-cluster/testing';
const config: ClusterConfigInput = {
  name: 'a@127.135.0.9', cookie: 'strict-types-cookie', transport: { kind: 'none' },
  topologies: { s: { strategy: 'static', config: { nodes: ['a@127.135.0.10'] } } },
};
export const cluster: Cluster = createCluster(config);
declare module 'muster-cluster' {
  interface StrategyConfigs {
    inventory: { names: string[] };
  }
}
export const typed: ClusterConfigInput[] = [
  // @ts-expect-error a typo in a dns-poll config key fails to compile
  { name: 'a@127.135.0.9', topologies: { d: { strategy: 'dns-poll', config: { query: 'q', nodeBasename: 'a', pollingIntervall: 5 } } } },
  { name: 'a@127.135.0.9', topologies: { i: { strategy: 'inventory', config: { names: [] } } } },
];
export const parts = [DnsResolver, DnsServer, RancherMetadataEmulator, ConfigError, strategyComplianceSuite];
`,
  );
  const compiled = await run(TSC, ['-p', 'tsconfig.json'], { cwd: app }).catch(
    (err: { stdout?: string; message: string }) => ({ stdout: err.stdout ?? err.message }),
  );
  expect(compiled.stdout).toBe('');

  const out = await run(process.execPath, ['out/readme.js'], { cwd: app });
  expect(out.stdout.trim().split('\n').sort()).toEqual([
    'hello@127.135.0.2 -> hello@127.135.0.3',
    'hello@127.135.0.3 -> hello@127.135.0.2',
  ]);
});
