import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docFiles, entryPoints } from '../../helpers/package-docs.js';

/**
 * The published artifact works: build, `npm pack`, install the tarball into a fresh project
 * (dependencies from the local npm cache, as npm ci left it) and nothing else, import every
 * entry point, create and run a cluster, compile a strict TypeScript program against the
 * published types of every entry point (no skipLibCheck) and every import README.md and docs/
 * write, run the README's complete example, and run the `muster` bin.
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
  // prom-client: the optional peer muster-cluster/metrics needs, as its users install it.
  const promClient = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/prom-client/package.json'), 'utf8'),
  ) as { version: string };
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      tarball,
      `prom-client@${promClient.version}`,
    ],
    { cwd: app },
  );
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** One value each entry point must export, and what the root must no longer export. */
const ENTRY_VALUES: Record<string, string> = {
  'muster-cluster': 'createCluster',
  'muster-cluster/strategies': 'DnsPollStrategy',
  'muster-cluster/dns': 'DnsResolver',
  'muster-cluster/epmd': 'EpmdServer',
  'muster-cluster/tcp': 'TcpTransport',
  'muster-cluster/testing': 'DnsServer',
  'muster-cluster/metrics': 'collectMetrics',
};
const ROOT_INTERNALS = ['parseWith', 'schemas', 'shellQuote', 'resolveConfig', 'toMusterError'];

it('imports every entry point of package.json exports, and nothing under dist/ directly', async () => {
  const entries = entryPoints().map((e) => `muster-cluster${e.subpath.slice(1)}`);
  expect(entries.sort()).toEqual(Object.keys(ENTRY_VALUES).sort());
  writeFileSync(
    join(app, 'entries.js'),
    `const out = {};
for (const [entry, name] of Object.entries(${JSON.stringify(ENTRY_VALUES)})) {
  out[entry] = typeof (await import(entry))[name];
}
const root = await import('muster-cluster');
out.internals = ${JSON.stringify(ROOT_INTERNALS)}.filter((name) => name in root);
out.deep = await import('muster-cluster/dist/core/validation.js').then(() => 'imported', (e) => e.code);
console.log(JSON.stringify(out));
`,
  );
  const out = await run(process.execPath, ['entries.js'], { cwd: app });
  expect(JSON.parse(out.stdout)).toEqual({
    ...Object.fromEntries(Object.keys(ENTRY_VALUES).map((entry) => [entry, 'function'])),
    internals: [],
    deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
  });
});

/**
 * Every `import ... from 'muster-cluster...'` in README.md and docs/ (fragments included), one
 * module each, so that a doc cannot name an export (a value or a type) the package lacks.
 */
function docImports(): { file: string; code: string }[] {
  return docFiles().flatMap((path) =>
    [
      ...readFileSync(path, 'utf8').matchAll(
        /^import\s[^;]*?\sfrom\s'muster-cluster(?:\/[^']*)?';/gm,
      ),
    ].map((m) => ({ file: relative(ROOT, path), code: m[0] })),
  );
}

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
      include: ['readme.ts', 'types.ts', 'docs-imports/*.ts'],
    }),
  );
  writeFileSync(join(app, 'readme.ts'), readmeExample());
  writeFileSync(
    join(app, 'types.ts'),
    `import { type Cluster, type ClusterConfigInput, createCluster, ConfigError, type CreateClusterOptions, ConnectSlots, type StrategyClass, type TransportFactory } from 'muster-cluster';
import { DnsResolver, type DnsLookup, DnsTimeoutError } from 'muster-cluster/dns';
import { EpmdServer, names, parseHostsErlang, EpmdError } from 'muster-cluster/epmd';
import { DnsPollStrategy, type DnsPollConfig, KubernetesError, rancherEnvExports } from 'muster-cluster/strategies';
import { TcpTransport, type TcpTransportOptions } from 'muster-cluster/tcp';
import { collectMetrics } from 'muster-cluster/metrics';
import { DnsServer, RancherMetadataEmulator, strategyComplianceSuite } from 'muster-cluster/testing';
// @ts-expect-error zod helpers are internal, not part of the API
import { parseWith } from 'muster-cluster';
// @ts-expect-error the built-in strategy classes live in muster-cluster/strategies
import { StaticStrategy as rootStatic } from 'muster-cluster';
export const options: CreateClusterOptions = { connectSlots: new ConnectSlots(8) };
export const strategies: StrategyClass<DnsPollConfig>[] = [DnsPollStrategy];
export const factory = (config: TcpTransportOptions): TransportFactory => (context) => new TcpTransport(config, context);
export const lookup: DnsLookup = new DnsResolver({ nameservers: ['127.141.0.1'] });
export const helpers = [EpmdServer, names, parseHostsErlang, rancherEnvExports, collectMetrics, parseWith, rootStatic];
export const errors: (abstract new (...args: never[]) => Error)[] = [DnsTimeoutError, EpmdError, KubernetesError];
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
  const imports = docImports();
  expect(imports.length).toBeGreaterThan(20);
  mkdirSync(join(app, 'docs-imports'), { recursive: true });
  imports.forEach(({ file, code }, i) => {
    writeFileSync(join(app, 'docs-imports', `${i}.ts`), `// ${file}\n${code}\nexport {};\n`);
  });
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
