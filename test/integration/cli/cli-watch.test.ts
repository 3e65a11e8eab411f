import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { startCli, tempDir } from './cli-process.js';

const DNS_HOST = '127.61.2.1';

let dns: DnsServer;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dns = new DnsServer({ host: DNS_HOST });
  await dns.start();
  dir = await tempDir();
});

afterAll(async () => {
  await Promise.all([dns.stop(), dir.cleanup()]);
});

describe('muster watch', { timeout: 60_000 }, () => {
  it('prints diffs as the DNS answer changes and exits 0 on SIGTERM', async () => {
    dns.setA('my-hello-service', ['127.61.2.11', '127.61.2.12']);
    const file = await dir.write('watch.json', {
      name: 'probe@127.61.2.100',
      transport: { kind: 'none' },
      topologies: {
        rancher: {
          strategy: 'dns-poll',
          config: {
            query: 'my-hello-service',
            nodeBasename: 'hello',
            nameservers: [dns.address],
            search: [],
            pollingInterval: 100,
          },
        },
      },
    });
    const cli = startCli(['watch', '--config', file]);
    try {
      await cli.waitForLine(/rancher \+ hello@127\.61\.2\.11$/);
      await cli.waitForLine(/rancher \+ hello@127\.61\.2\.12$/);
      dns.setA('my-hello-service', ['127.61.2.12', '127.61.2.13']);
      await cli.waitForLine(/rancher - hello@127\.61\.2\.11$/);
      await cli.waitForLine(/rancher \+ hello@127\.61\.2\.13$/);
      dns.setFault({ mode: 'refused' });
      await cli.waitForLine(/rancher ! MUSTER_ERR_\w+ /);
      dns.setFault(undefined);
    } finally {
      cli.child.kill('SIGTERM');
    }
    const r = await cli.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // A failed poll keeps the nodes: no "-" line for .12 or .13.
    expect(r.stdout).not.toMatch(/- hello@127\.61\.2\.1[23]/);
  });

  it('prints JSON lines with --json', async () => {
    dns.setA('json-service', ['127.61.2.21']);
    const file = await dir.write('watch-json.json', {
      name: 'probe@127.61.2.100',
      transport: { kind: 'none' },
      topologies: {
        dev: { strategy: 'static', config: { nodes: ['hello@127.61.2.31'] } },
      },
    });
    const cli = startCli(['watch', '--config', file, '--json']);
    try {
      const [line] = await cli.waitForLine(/^\{.*"event":"add".*$/);
      expect(JSON.parse(line)).toMatchObject({
        topology: 'dev',
        event: 'add',
        node: 'hello@127.61.2.31',
      });
    } finally {
      cli.child.kill('SIGINT');
    }
    expect((await cli.exited).code).toBe(0);
  });
});
