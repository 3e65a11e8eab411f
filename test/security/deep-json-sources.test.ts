import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_SOURCE_JSON_DEPTH } from '../../src/core/json-depth.js';
import type { KubernetesAccess } from '../../src/strategies/kubernetes/kubernetes-errors.js';
import { KubernetesApiClient } from '../../src/strategies/kubernetes/kubernetes-http-client.js';
import { RancherMetadataClient } from '../../src/strategies/rancher-metadata/rancher-http-client.js';

// This file's addresses: 127.146.2.0/24.
// A hostile or broken discovery source (a spoofed rancher-metadata name, a proxy in front of
// the Kubernetes API) answers with JSON nested a million levels deep, well inside the body
// limits. JSON.parse takes about 2.5 µs per level: 4 MiB held the event loop for about 5 s
// (16 MiB for a Kubernetes list, about 20 s: every tick of every connection missed). Bodies
// nested past MAX_SOURCE_JSON_DEPTH are malformed, found by a byte scan before JSON.parse.
const HOST = '127.146.2.1';
/** Deep enough to show the refusal; the attack used a million levels. */
const DEPTH = 100_000;
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
/** A valid answer with a hostile field: accepted whole before the fix. */
const listWith = (junk: string) =>
  `{"kind":"EndpointSliceList","metadata":{"resourceVersion":"1"},"items":[],"x":${junk}}`;

let server: Server;
let answer: (res: ServerResponse) => void;
let base: string;
beforeEach(async () => {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((r) => server.listen(0, HOST, r));
  base = `http://${HOST}:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const ACCESS: KubernetesAccess = {
  verb: 'list',
  resource: 'endpointslices',
  group: 'discovery.k8s.io',
  namespace: 'prod',
};
const kubernetes = () =>
  new KubernetesApiClient({
    apiServer: base,
    tokenPath: '/nonexistent',
    caPath: '/nonexistent',
    timeout: 10_000,
    maxBodyBytes: 16 * 1024 * 1024,
  });
const json = (body: string) => (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(body);

describe('deeply nested JSON from a discovery source', () => {
  it('a Kubernetes list nested past the limit is malformed, not parsed', async () => {
    answer = json(listWith(deep(DEPTH)));
    const signal = new AbortController().signal;
    await expect(kubernetes().getJson('/x', ACCESS, signal)).rejects.toMatchObject({
      code: 'MUSTER_ERR_KUBERNETES_MALFORMED',
      message: expect.stringContaining(`nested deeper than ${MAX_SOURCE_JSON_DEPTH} levels`),
    });
  });

  it('a Kubernetes watch event nested past the limit ends the watch as malformed', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`{"type":"ADDED","object":{"x":${deep(DEPTH)}}}\n`);
    };
    const events: unknown[] = [];
    const signal = new AbortController().signal;
    const watch = kubernetes().watch('/x', ACCESS, signal, 10_000, (e) => events.push(e));
    await expect(watch).rejects.toMatchObject({ code: 'MUSTER_ERR_KUBERNETES_MALFORMED' });
    expect(events).toEqual([]);
  });

  it('a Rancher metadata answer nested past the limit is malformed, not parsed', async () => {
    answer = json(`{"version":"1","x":${deep(DEPTH)}}`);
    const client = new RancherMetadataClient({ url: base, apiVersion: '2015-12-19' });
    await expect(client.getJson('version')).rejects.toMatchObject({
      code: 'MUSTER_ERR_RANCHER_MALFORMED',
      message: expect.stringContaining(`nested deeper than ${MAX_SOURCE_JSON_DEPTH} levels`),
    });
  });

  it('nesting up to the limit, and brackets inside strings, still parse', async () => {
    const inner = deep(MAX_SOURCE_JSON_DEPTH - 2);
    answer = json(`{"x":${inner},"s":"${'['.repeat(1000)}"}`);
    const client = new RancherMetadataClient({ url: base, apiVersion: '2015-12-19' });
    await expect(client.getJson('version')).resolves.toMatchObject({ s: '['.repeat(1000) });
    answer = json(listWith(inner));
    const signal = new AbortController().signal;
    await expect(kubernetes().getJson('/x', ACCESS, signal)).resolves.toMatchObject({ items: [] });
  });
});
