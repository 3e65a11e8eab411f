import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, createCluster } from '../../../src/index.js';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { makeTestCerts } from '../../helpers/tcp-test-certs.js';
import { runCli, tempDir } from './cli-process.js';

/**
 * `muster doctor` against real peers, one per fault: a good node, one with another cookie,
 * an address where nothing listens, a node that calls itself something else, a node that
 * speaks TLS, a DNS name that does not exist, and a node name that is not this machine's.
 */
const PORT = 4471;
const COOKIE = 'doctor-test-cookie-0123456789';
const ip = (n: number) => `127.135.9.${n}`;
const LISTEN = ip(250);

let dns: DnsServer;
let dir: Awaited<ReturnType<typeof tempDir>>;
const peers: Cluster[] = [];

async function peer(name: string, extra: Record<string, unknown> = {}): Promise<void> {
  const c = createCluster({
    name,
    cookie: COOKIE,
    transport: { kind: 'tcp', port: PORT },
    logLevel: 'silent',
    ...extra,
  });
  await c.start();
  peers.push(c);
}

beforeAll(async () => {
  const certs = makeTestCerts();
  await peer(`hello@${ip(2)}`);
  await peer(`hello@${ip(3)}`, { cookie: 'another-cookie-0123456789' });
  await peer(`other@${ip(5)}`);
  await peer(`hello@${ip(6)}`, {
    transport: { kind: 'tcp', port: PORT, tls: { key: certs.key, cert: certs.cert, ca: certs.ca } },
  });
  dns = new DnsServer({ host: ip(7) });
  await dns.start();
  dir = await tempDir();
}, 60_000);

afterAll(async () => {
  await Promise.all([...peers.map((p) => p.stop()), dns?.stop(), dir?.cleanup()]);
});

interface DoctorJson {
  self: { name: string; findings: { code: string }[] };
  topologies: { name: string; ok: boolean; nodes: string[]; findings: { code: string }[] }[];
  peers: {
    node: string;
    ok: boolean;
    findings: { code: string; message: string; hint: string }[];
  }[];
}

function config(name: string, nodes: string[], more: Record<string, unknown> = {}) {
  return {
    name,
    cookie: COOKIE,
    transport: { kind: 'tcp', port: PORT },
    topologies: { list: { strategy: 'static', config: { nodes } }, ...more },
  };
}

describe('muster doctor', { timeout: 120_000 }, () => {
  it('names what fails for each peer, with a code and a hint, and exits 1', async () => {
    const file = await dir.write(
      'faults.json',
      config(
        `hello@${ip(1)}`,
        [2, 3, 4, 5, 6].map((n) => `hello@${ip(n)}`),
        {
          dns: {
            strategy: 'dns-poll',
            config: {
              query: 'no-such-service',
              nodeBasename: 'hello',
              nameservers: [dns.address],
              search: [],
            },
          },
        },
      ),
    );
    const r = await runCli(['doctor', '--config', file, '--listen', LISTEN, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as DoctorJson;
    expect(report.self).toEqual({ name: `hello@${ip(1)}`, findings: [] });
    const codeOf = (n: number) =>
      report.peers.find((p) => p.node === `hello@${ip(n)}`)?.findings.map((f) => f.code);
    expect(codeOf(2)).toEqual([]);
    expect(codeOf(3)).toEqual(['MUSTER_DOCTOR_COOKIE']);
    expect(codeOf(4)).toEqual(['MUSTER_DOCTOR_PORT_CLOSED']);
    expect(codeOf(5)).toEqual(['MUSTER_DOCTOR_NAME_MISMATCH']);
    expect(codeOf(6)).toEqual(['MUSTER_DOCTOR_TLS']);
    for (const p of report.peers)
      for (const f of p.findings) expect(f.hint.length).toBeGreaterThan(10);
    const nx = report.topologies.find((t) => t.name === 'dns');
    expect(nx).toMatchObject({
      ok: true,
      nodes: [],
      findings: [{ code: 'MUSTER_DOCTOR_NO_PEERS' }],
    });
  });

  it('prints one line per peer, and a hint under each failure', async () => {
    const file = await dir.write(
      'text.json',
      config(`hello@${ip(1)}`, [`hello@${ip(2)}`, `hello@${ip(4)}`]),
    );
    const r = await runCli(['doctor', '--config', file, '--listen', LISTEN]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`peer hello@${ip(2)}: ok`);
    expect(r.stdout).toMatch(
      new RegExp(
        `peer hello@${ip(4).replaceAll('.', '\\.')}:\\n  FAILED MUSTER_DOCTOR_PORT_CLOSED: .*\\n    hint: `,
      ),
    );
  });

  it('exits 0 when every check passes', async () => {
    const file = await dir.write('good.json', config(`hello@${ip(1)}`, [`hello@${ip(2)}`]));
    const r = await runCli(['doctor', '--config', file, '--listen', LISTEN]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it("flags a node name whose host is not this machine's", async () => {
    // 198.18.0.0/15 is on no interface here; nothing is sent to it (no peer is listed).
    const file = await dir.write('elsewhere.json', config('hello@198.18.40.1', [`hello@${ip(2)}`]));
    const r = await runCli(['doctor', '--config', file, '--listen', LISTEN, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as DoctorJson;
    expect(report.self.findings.map((f) => f.code)).toEqual(['MUSTER_DOCTOR_NAME_NOT_LOCAL']);
  });

  it('exits 2 without --config', async () => {
    const r = await runCli(['doctor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--config is required/);
  });
});
