import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { toNodeName } from '../../src/core/node-name.js';
import { kubernetesDefaults } from '../../src/strategies/kubernetes/kubernetes-defaults.js';
import { KubernetesStrategy } from '../../src/strategies/kubernetes/kubernetes-strategy.js';
import { endpointSliceObject } from '../../src/testing/kubernetes-emulator-objects.js';
import { certsFor } from '../helpers/kubernetes-fixtures.js';
import { nextEvent, recordEvents, sortedNames } from '../helpers/rancher-fixtures.js';

// A compromised or broken API server (or a proxy in front of it) answers with what it likes:
// every answer is bounded and checked, and nothing it sends costs the known membership.
const HOST = '127.136.8.1';
const LIMIT = 64 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;
let handler: Handler;
let server: Server;
let dir: string;
let strategy: KubernetesStrategy | undefined;

const slice = endpointSliceObject({
  service: 'hello',
  namespace: 'prod',
  endpoints: [{ address: '10.1.0.5' }],
});
const goodList = (rv = '10') =>
  JSON.stringify({ kind: 'EndpointSliceList', metadata: { resourceVersion: rv }, items: [slice] });

beforeEach(async () => {
  const certs = certsFor(HOST);
  server = createServer({ key: certs.key, cert: certs.cert }, (req, res) =>
    handler(req, res, new URL(req.url ?? '/', 'https://x')),
  );
  await new Promise<void>((r) => server.listen(0, HOST, r));
  dir = mkdtempSync(join(tmpdir(), 'muster-k8s-hostile-'));
  writeFileSync(join(dir, 'token'), 't');
  writeFileSync(join(dir, 'ca.crt'), certs.ca);
});
afterEach(async () => {
  await strategy?.stop();
  strategy = undefined;
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a strategy, serves a good list first, then lets `next` answer everything after. */
async function primed(next: Handler, raw: Record<string, unknown> = {}) {
  let first = true;
  handler = (req, res, url) => {
    if (first && url.searchParams.get('watch') !== '1') {
      first = false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(goodList());
      return;
    }
    next(req, res, url);
  };
  const port = (server.address() as AddressInfo).port;
  strategy = new KubernetesStrategy({
    topology: 'k8s',
    config: KubernetesStrategy.parseConfig({
      nodeBasename: 'hello',
      service: 'hello',
      namespace: 'prod',
      apiServer: `https://${HOST}:${port}`,
      tokenPath: join(dir, 'token'),
      caPath: join(dir, 'ca.crt'),
      maxBodyBytes: LIMIT,
      pollingInterval: 60_000,
      ...raw,
    }),
    logger: silentLogger(),
    clock: systemClock,
    self: toNodeName('hello@10.1.0.1'),
  });
  const failed = nextEvent(strategy, 'error');
  await strategy.start();
  await strategy.ready;
  // What happens after the first, good list.
  const log = recordEvents(strategy);
  return { s: strategy, log, failed };
}

it('cuts a watch line longer than maxBodyBytes while it streams', async () => {
  let sent = 0;
  const { s, failed } = await primed((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const pump = () => {
      while (sent < LIMIT * 64 && res.write(chunk)) sent += chunk.length;
      if (sent < LIMIT * 64) res.once('drain', pump);
    };
    res.once('close', () => res.removeAllListeners('drain'));
    pump();
  });
  expect((await failed).code).toBe('MUSTER_ERR_KUBERNETES_BODY_TOO_LARGE');
  expect(sent).toBeLessThan(LIMIT * 64);
  expect(sortedNames(s.known())).toEqual(['hello@10.1.0.5']);
});

it('refuses a list body announced or streamed past maxBodyBytes', async () => {
  const { s, log } = await primed(
    (_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(LIMIT * 10),
      });
      res.write('{"items":[');
    },
    { watch: false },
  );
  await s.pollNow();
  expect(log.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_KUBERNETES_BODY_TOO_LARGE']);
  expect(sortedNames(s.known())).toEqual(['hello@10.1.0.5']);
});

for (const [label, body] of [
  ['a list that is not JSON', '<html>proxy error</html>'],
  ['a list without items', '{"kind":"Status"}'],
  ['a list without a resourceVersion', '{"items":[]}'],
] as const) {
  it(`reports ${label} as malformed and keeps membership`, async () => {
    const { s, log } = await primed(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
      },
      { watch: false },
    );
    await s.pollNow();
    expect(log.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_KUBERNETES_MALFORMED']);
    expect(log.diffs).toEqual([]);
    expect(sortedNames(s.known())).toEqual(['hello@10.1.0.5']);
  });
}

for (const [label, line] of [
  ['garbage', 'not json'],
  ['an unknown event type', '{"type":"EXPLODED","object":{}}'],
  ['an event without an object', '{"type":"ADDED"}'],
] as const) {
  it(`ends a watch that sends ${label}, reports it, keeps membership`, async () => {
    const { s, failed, log } = await primed((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${line}\n`);
    });
    expect((await failed).code).toBe('MUSTER_ERR_KUBERNETES_MALFORMED');
    expect(log.diffs).toEqual([]);
    expect(sortedNames(s.known())).toEqual(['hello@10.1.0.5']);
  });
}

it('stops following a continue chain that never ends', async () => {
  let pages = 0;
  const { s, log } = await primed(
    (_req, res) => {
      pages++;
      const items = Array.from({ length: 1000 }, (_, i) => ({
        metadata: { name: `s${pages}-${i}`, namespace: 'prod' },
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ metadata: { resourceVersion: '11', continue: `page${pages}` }, items }),
      );
    },
    { watch: false, pageSize: 1000, maxBodyBytes: 1024 * 1024 },
  );
  await s.pollNow();
  expect(log.errors.map((e) => e.code)).toEqual(['MUSTER_ERR_KUBERNETES_MALFORMED']);
  expect(pages).toBe(kubernetesDefaults.maxObjects / 1000 + 1);
  expect(sortedNames(s.known())).toEqual(['hello@10.1.0.5']);
});
