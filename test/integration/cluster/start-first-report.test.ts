import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  BaseStrategy,
  type Cluster,
  createCluster,
  type MusterError,
  registerStrategy,
} from '../../../src/index.js';
import { DnsServer } from '../../../src/testing/dns-server.js';

/**
 * start() resolves once every topology has answered or failed once (bounded by startTimeout),
 * so wanted() right after it holds dns-poll's first answer as it holds static's.
 */
let dns: DnsServer;
let dead: DnsServer;
const clusters: Cluster[] = [];

/** A source that never answers (its ready never settles before stop). */
class SilentStrategy extends BaseStrategy {
  protected onStart(): void {}
  protected onStop(): void {}
}
registerStrategy('start-silent', SilentStrategy);
declare module '../../../src/index.js' {
  interface StrategyConfigs {
    'start-silent': Record<string, never>;
  }
}

beforeAll(async () => {
  dns = new DnsServer({ host: '127.135.6.1' });
  await dns.start();
  dns.setA('svc', ['127.135.6.11', '127.135.6.12']);
  dead = new DnsServer({ host: '127.135.6.2' });
  await dead.start();
  dead.setFault({ mode: 'drop' });
});
afterAll(async () => {
  await Promise.all([dns.stop(), dead.stop()]);
});
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.stop()));
});

function dnsPoll(server: DnsServer) {
  return {
    strategy: 'dns-poll' as const,
    config: {
      query: 'svc',
      nodeBasename: 'app',
      nameservers: [server.address],
      search: [],
      timeout: 200,
      attempts: 1,
    },
  };
}

it("holds dns-poll's first answer in wanted() once start() resolves", async () => {
  const c = createCluster({
    name: 'app@127.135.6.10',
    transport: { kind: 'none' },
    topologies: {
      dns: dnsPoll(dns),
      list: { strategy: 'static', config: { nodes: ['app@127.135.6.13'] } },
    },
  });
  clusters.push(c);
  await c.start();
  expect(c.wanted().sort()).toEqual(['app@127.135.6.11', 'app@127.135.6.12', 'app@127.135.6.13']);
});

it('resolves at the first failure of a dead source, not at the bound', async () => {
  const c = createCluster({
    name: 'app@127.135.6.10',
    transport: { kind: 'none' },
    startTimeout: 600_000,
    logLevel: 'silent',
    topologies: { dns: dnsPoll(dead) },
  });
  clusters.push(c);
  const errors: MusterError[] = [];
  c.on('discovery:error', (err) => errors.push(err));
  await c.start();
  expect(errors.map((e) => e.code)).toEqual(['MUSTER_ERR_DNS_TIMEOUT']);
  expect(c.status).toBe('running');
  expect(c.wanted()).toEqual([]);
});

it('stops waiting after startTimeout for a source that never answers', async () => {
  const c = createCluster({
    name: 'app@127.135.6.10',
    transport: { kind: 'none' },
    startTimeout: 50,
    topologies: { quiet: { strategy: 'start-silent' }, dns: dnsPoll(dns) },
  });
  clusters.push(c);
  await c.start();
  expect(c.status).toBe('running');
  expect(c.wanted().sort()).toEqual(['app@127.135.6.11', 'app@127.135.6.12']);
});

it('ends a start() still waiting when stop() is called, and stays stopped', async () => {
  const c = createCluster({
    name: 'app@127.135.6.10',
    transport: { kind: 'none' },
    startTimeout: 600_000,
    topologies: { quiet: { strategy: 'start-silent' } },
  });
  const starting = c.start();
  await c.stop();
  await starting;
  expect(c.status).toBe('stopped');
});
