import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCluster } from '../../../src/index.js';
import { collectMetrics } from '../../../src/metrics/index.js';
import { DnsServer } from '../../../src/testing/dns-server.js';

/**
 * The metrics as Prometheus scrapes them: a real prom-client registry's text output for a
 * cluster with two connected peers, one dropped by discovery, and a topology whose DNS server
 * does not answer.
 */
let dead: DnsServer;
beforeAll(async () => {
  dead = new DnsServer({ host: '127.135.10.1' });
  await dead.start();
  dead.setFault({ mode: 'drop' });
});
afterAll(async () => {
  await dead.stop();
});

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

it('exposes stats() and coded failures in the text format', async () => {
  const cluster = createCluster({
    name: 'app@127.135.10.2',
    transport: { kind: 'none' },
    logLevel: 'silent',
    topologies: {
      list: { strategy: 'static', config: { nodes: ['app@127.135.10.3', 'app@127.135.10.4'] } },
      dns: {
        strategy: 'dns-poll',
        config: {
          query: 'svc',
          nodeBasename: 'app',
          nameservers: [dead.address],
          search: [],
          timeout: 100,
          attempts: 1,
          pollingInterval: 3_600_000,
        },
      },
    },
  });
  const registry = new Registry();
  const metrics = collectMetrics(cluster, registry);
  await cluster.start();
  await cluster.ready({ minNodes: 2, timeout: 5_000 });
  await cluster.disconnect('app@127.135.10.3');

  const text = await registry.metrics();
  expect(text).toContain('# TYPE muster_connected_nodes gauge');
  expect(text).toContain('# TYPE muster_nodeups_total counter');
  expect(value(text, 'muster_wanted_nodes')).toBe(2);
  expect(value(text, 'muster_connected_nodes')).toBe(1);
  expect(value(text, 'muster_nodeups_total')).toBe(2);
  expect(value(text, 'muster_connects_total')).toBeGreaterThanOrEqual(2);
  expect(value(text, 'muster_nodedowns_total{reason="disconnect"}')).toBe(1);
  expect(
    value(text, 'muster_discovery_errors_total{topology="dns",code="MUSTER_ERR_DNS_TIMEOUT"}'),
  ).toBe(1);

  // A counter read from stats() does not count twice on a second scrape.
  expect(value(await registry.metrics(), 'muster_nodeups_total')).toBe(2);

  metrics.stop();
  expect(await registry.metrics()).not.toContain('muster_');
  await cluster.stop();
});

it('takes a prefix so two clusters share one registry', async () => {
  const registry = new Registry();
  const make = (ip: string) =>
    createCluster({ name: `app@${ip}`, transport: { kind: 'none' }, topologies: {} });
  const a = collectMetrics(make('127.135.10.5'), registry, { prefix: 'a_' });
  const b = collectMetrics(make('127.135.10.6'), registry, { prefix: 'b_' });
  const text = await registry.metrics();
  expect(value(text, 'a_connected_nodes')).toBe(0);
  expect(value(text, 'b_connected_nodes')).toBe(0);
  a.stop();
  b.stop();
});
