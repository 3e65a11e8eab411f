import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS } from '../../../src/cli/commands/resolve-command.js';
import { RESOLV_DEFAULTS } from '../../../src/dns/resolv-conf.js';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { runCli, tempDir } from './cli-process.js';

/** What a new user ran into with the CLI (issue 16, item 5), each fixed and held here. */
const DNS_HOST = '127.135.3.1';
const SILENT_DNS_HOST = '127.135.3.2';
const MD_HOST = '127.135.3.3';

let dns: DnsServer;
let silent: DnsServer;
let md: RancherMetadataEmulator;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dns = new DnsServer({ host: DNS_HOST });
  await dns.start();
  silent = new DnsServer({ host: SILENT_DNS_HOST });
  await silent.start();
  silent.setFault({ mode: 'drop' });
  md = new RancherMetadataEmulator({ host: MD_HOST });
  await md.start();
  dir = await tempDir();
});

afterAll(async () => {
  await Promise.all([dns.stop(), silent.stop(), md.stop(), dir.cleanup()]);
});

describe('muster (new user)', { timeout: 60_000 }, () => {
  it('resolves identity before a strategy config uses an identity variable', async () => {
    const names = md.addService({ stack: 'prod', name: 'hello-svc', scale: 2 });
    md.setSelf(names[0]);
    dns.setA('hello-svc', ['127.135.3.21', '127.135.3.22']);
    const file = await dir.write('rancher.json', {
      name: 'hello@${RANCHER_IP}',
      identity: { kind: 'rancher-metadata', url: md.url, attempts: 1 },
      transport: { kind: 'none' },
      topologies: {
        dns: {
          strategy: 'dns-poll',
          config: {
            query: '${RANCHER_SERVICE_NAME}',
            nodeBasename: 'hello',
            nameservers: [dns.address],
            search: [],
          },
        },
      },
    });
    const r = await runCli(['resolve', '--config', file, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      topologies: [{ name: 'dns', ok: true, nodes: ['hello@127.135.3.21', 'hello@127.135.3.22'] }],
    });
  });

  it('prints a bad flag as one line with balanced quotes, exit 2', async () => {
    const results = await Promise.all([
      runCli(['resolve', '--jsn']),
      runCli(['resolve', '--config']),
      runCli(['epmd', '--help=yes']),
      runCli(['watch', 'extra']),
    ]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^muster: MUSTER_ERR_USAGE: [^\n]+ \(see: muster \w+ --help\)\n$/);
      expect((r.stderr.match(/'/g) ?? []).length % 2).toBe(0);
      expect((r.stderr.match(/"/g) ?? []).length % 2).toBe(0);
    }
    expect(results[0]!.stderr).toContain('unknown option --jsn');
  });

  it('prints usage on stderr and exits 2 when no command is given', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: muster <command>/);
  });

  it.each(['10.999.0.1', 'localhost', '127.135.3.4,example.invalid'])(
    'refuses epmd --address %s before any lookup',
    async (address) => {
      const r = await runCli(['epmd', '--port', '0', '--address', address]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^muster: MUSTER_ERR_USAGE: --address expects an IPv4 or IPv6/);
    },
  );

  it('waits longer by default than dns-poll does at its defaults, so its own code shows', () => {
    const { timeoutSeconds, attempts, maxNameservers } = RESOLV_DEFAULTS;
    expect(DEFAULT_TIMEOUT_MS).toBeGreaterThan(timeoutSeconds * 1000 * attempts * maxNameservers);
  });

  it('shows a silent DNS server as MUSTER_ERR_DNS_TIMEOUT under the default --timeout', async () => {
    const file = await dir.write('silent.json', {
      name: 'probe@127.135.3.9',
      transport: { kind: 'none' },
      topologies: {
        dns: {
          strategy: 'dns-poll',
          config: {
            query: 'svc',
            nodeBasename: 'hello',
            nameservers: [silent.address],
            search: [],
            timeout: 1000,
            attempts: 2,
          },
        },
      },
    });
    const r = await runCli(['resolve', '--config', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^muster: MUSTER_ERR_DNS_TIMEOUT: /);
  });

  it('exits 2 naming MUSTER_LOG_LEVEL when it is not a level', async () => {
    const file = await dir.write('ok.json', {
      name: 'probe@127.135.3.9',
      transport: { kind: 'none' },
      topologies: { s: { strategy: 'static', config: { nodes: [] } } },
    });
    const r = await runCli(['resolve', '--config', file], { MUSTER_LOG_LEVEL: 'verbose' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^muster: MUSTER_ERR_CONFIG: Invalid config at MUSTER_LOG_LEVEL/);
  });
});
