import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { runCli, tempDir } from './cli-process.js';

const DNS_HOST = '127.61.1.1';
const DEAD_DNS_HOST = '127.61.1.2';
const PEERS = ['127.61.1.11', '127.61.1.12', '127.61.1.13'];

let dns: DnsServer;
let dead: DnsServer;
let dir: Awaited<ReturnType<typeof tempDir>>;

function config(nameserver: string, extra: Record<string, unknown> = {}) {
  return {
    name: 'probe@127.61.1.100',
    transport: { kind: 'none' },
    topologies: {
      rancher: {
        strategy: 'dns-poll',
        config: {
          query: 'my-hello-service',
          nodeBasename: 'hello',
          nameservers: [nameserver],
          search: [],
          timeout: 200,
          attempts: 1,
        },
      },
      dev: { strategy: 'static', config: { nodes: ['hello@127.61.1.50'] } },
      ...extra,
    },
  };
}

beforeAll(async () => {
  dns = new DnsServer({ host: DNS_HOST });
  await dns.start();
  dns.setA('my-hello-service', PEERS);
  dead = new DnsServer({ host: DEAD_DNS_HOST });
  await dead.start();
  dead.setFault({ mode: 'drop' });
  dir = await tempDir();
});

afterAll(async () => {
  await Promise.all([dns.stop(), dead.stop(), dir.cleanup()]);
});

describe('muster resolve', { timeout: 60_000 }, () => {
  it('prints what each topology discovers and exits 0', async () => {
    const file = await dir.write('ok.json', config(dns.address));
    const r = await runCli(['resolve', '--config', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'rancher (dns-poll): 3 nodes',
        ...PEERS.map((p) => `  hello@${p}`),
        'dev (static): 1 node',
        '  hello@127.61.1.50',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --json and one topology with --topology', async () => {
    const file = await dir.write('ok-json.json', config(dns.address));
    const r = await runCli(['resolve', '--config', file, '--json', '--topology', 'rancher']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      topologies: [
        {
          name: 'rancher',
          strategy: 'dns-poll',
          ok: true,
          nodes: PEERS.map((p) => `hello@${p}`),
        },
      ],
    });
  });

  it('reads an ES module config (default export)', async () => {
    const file = await dir.write(
      'config.mjs',
      `export default ${JSON.stringify(config(dns.address))};\n`,
    );
    const r = await runCli(['resolve', '--config', file, '--topology', 'dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('dev (static): 1 node\n  hello@127.61.1.50\n');
  });

  it('exits 2 for a topology the config does not have', async () => {
    const file = await dir.write('ok-topology.json', config(dns.address));
    const r = await runCli(['resolve', '--config', file, '--topology', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no topology "nope".*rancher, dev/);
  });

  it('prints the discovery error and exits 1 when the DNS server does not answer', async () => {
    const file = await dir.write('dead.json', config(dead.address));
    const r = await runCli(['resolve', '--config', file, '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      topologies: { name: string; ok: boolean; error?: { code: string } }[];
    };
    const rancher = out.topologies.find((t) => t.name === 'rancher');
    expect(rancher?.ok).toBe(false);
    expect(rancher?.error?.code).toMatch(/^MUSTER_ERR_/);
    expect(out.topologies.find((t) => t.name === 'dev')?.ok).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`^muster: ${rancher?.error?.code}: `, 'm'));
  });
});
