import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KubernetesWorld,
  startKubernetesWorld,
  TOKEN,
} from '../../helpers/kubernetes-fixtures.js';

// The emulator's API semantics, checked over HTTPS as any client sees them (kubectl's test
// checks the same from the reference client's side).
const HOST = '127.136.6.1';
let world: KubernetesWorld;

beforeAll(async () => {
  world = await startKubernetesWorld(HOST);
  for (const [name, labels] of [
    ['a', { app: 'hello', tier: 'web' }],
    ['b', { app: 'hello', tier: 'db' }],
    ['c', { app: 'other' }],
    ['d', { app: 'hello' }],
    ['e', { app: 'hello', tier: 'web' }],
  ] as const) {
    world.api.putPod({ name, namespace: 'prod', labels, podIP: `10.1.0.${name.charCodeAt(0)}` });
  }
});
afterAll(async () => {
  await world.close();
});

/** A JSON value read loosely: the tests index into it and compare what they find. */
// biome-ignore lint/suspicious/noExplicitAny: answers are JSON the assertions check field by field
type J = any;

interface Answer {
  status: number;
  body: J;
}

function request(path: string, token: string | null = TOKEN): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> =
      token === null ? {} : { authorization: `Bearer ${token}` };
    get(`${world.config.apiServer}${path}`, { ca: world.certs.ca, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

/** Opens a watch and collects its events until `until` says stop (or the stream ends). */
function watch(
  path: string,
  until: (events: J[]) => boolean,
): Promise<{ events: J[]; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const events: J[] = [];
    const req = get(
      `${world.config.apiServer}${path}`,
      { ca: world.certs.ca, headers: { authorization: `Bearer ${TOKEN}` } },
      (res) => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          buf += c;
          let nl = buf.indexOf('\n');
          while (nl >= 0) {
            events.push(JSON.parse(buf.slice(0, nl)));
            buf = buf.slice(nl + 1);
            nl = buf.indexOf('\n');
          }
          if (until(events)) {
            req.destroy();
            resolve({ events, ended: false });
          }
        });
        res.on('end', () => resolve({ events, ended: true }));
      },
    );
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}

const names = (a: Answer) => a.body.items.map((i: J) => i.metadata.name);

describe('list', () => {
  it('filters by label selector, equality- and set-based, and by metadata.name', async () => {
    const q = (s: string) =>
      request(`/api/v1/namespaces/prod/pods?labelSelector=${encodeURIComponent(s)}`);
    expect(names(await q('app=hello'))).toEqual(['a', 'b', 'd', 'e']);
    expect(names(await q('app=hello,tier!=web'))).toEqual(['b', 'd']);
    expect(names(await q('tier in (db,cache)'))).toEqual(['b']);
    expect(names(await q('app=hello,!tier'))).toEqual(['d']);
    expect(names(await q('tier notin (web)'))).toEqual(['b', 'c', 'd']);
    expect(names(await q('tier=='))).toEqual([]); // '=' needs the label, even for ''
    const broken = await q('(((');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    const one = await request('/api/v1/namespaces/prod/pods?fieldSelector=metadata.name%3Dc');
    expect(names(one)).toEqual(['c']);
  });

  it('pages with limit/continue from one snapshot, and answers an expired token 410 Expired', async () => {
    const first = await request('/api/v1/namespaces/prod/pods?limit=2');
    expect(names(first)).toEqual(['a', 'b']);
    expect(first.body.metadata.remainingItemCount).toBe(3);
    const rv = first.body.metadata.resourceVersion;
    world.api.putPod({ name: 'aa', namespace: 'prod', podIP: '10.1.0.1' }); // after the snapshot
    const second = await request(
      `/api/v1/namespaces/prod/pods?limit=2&continue=${first.body.metadata.continue}`,
    );
    expect(names(second)).toEqual(['c', 'd']);
    expect(second.body.metadata.resourceVersion).toBe(rv);
    world.api.compact();
    const expired = await request(
      `/api/v1/namespaces/prod/pods?limit=2&continue=${second.body.metadata.continue}`,
    );
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ kind: 'Status', reason: 'Expired', code: 410 });
    const garbage = await request('/api/v1/namespaces/prod/pods?limit=2&continue=zzz');
    expect(garbage.status).toBe(400);
    world.api.delete('pods', 'prod', 'aa');
  });

  it('gets one object, and answers 404, 401 and 403 with Status objects', async () => {
    const a = await request('/api/v1/namespaces/prod/pods/a');
    expect(a.body).toMatchObject({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'a' } });
    const missing = await request('/api/v1/namespaces/prod/pods/zz');
    expect(missing).toMatchObject({ status: 404, body: { reason: 'NotFound', code: 404 } });
    const anonymous = await request('/api/v1/namespaces/prod/pods', null);
    expect(anonymous).toMatchObject({ status: 401, body: { reason: 'Unauthorized' } });
    world.api.addToken('pods-only', {
      rules: [{ verbs: ['list'], resources: ['pods'], namespaces: ['prod'] }],
    });
    const other = await request('/api/v1/namespaces/staging/pods', 'pods-only');
    expect(other).toMatchObject({
      status: 403,
      body: { reason: 'Forbidden', details: { kind: 'pods', group: '' } },
    });
    const cluster = await request('/api/v1/pods', 'pods-only');
    expect(cluster.body.message).toContain('at the cluster scope');
  });
});

describe('watch', () => {
  it("with resourceVersion '' sends the current state as ADDED, then changes", async () => {
    const done = watch(
      '/api/v1/namespaces/prod/pods?watch=1&labelSelector=app%3Dother',
      (e) => e.length === 2,
    );
    await world.api.waitForRequest((r) => r.verb === 'watch');
    world.api.putPod({
      name: 'c',
      namespace: 'prod',
      labels: { app: 'other' },
      podIP: '10.1.0.99',
    });
    const { events } = await done;
    expect(events.map((e) => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'c'],
      ['MODIFIED', 'c'],
    ]);
  });

  it('replays from a resourceVersion, answers a compacted one with an ERROR 410 event', async () => {
    const rv = world.api.store.resourceVersion;
    world.api.putPod({ name: 'f', namespace: 'prod', labels: { app: 'hello' } });
    world.api.delete('pods', 'prod', 'f');
    const replay = await watch(
      `/api/v1/namespaces/prod/pods?watch=1&resourceVersion=${rv}`,
      (e) => e.length === 2,
    );
    expect(replay.events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(Number(replay.events[1].object.metadata.resourceVersion)).toBe(rv + 2);
    world.api.compact();
    const gone = await watch(
      `/api/v1/namespaces/prod/pods?watch=1&resourceVersion=${rv}`,
      () => false,
    );
    expect(gone.ended).toBe(true);
    expect(gone.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }),
      },
    ]);
  });

  it('sends bookmarks only to watches that allowed them, and ends at timeoutSeconds', async () => {
    const rv = String(world.api.store.resourceVersion);
    const withMarks = watch(
      `/api/v1/namespaces/prod/pods?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true`,
      (e) => e.length === 1,
    );
    const without = watch(
      `/api/v1/namespaces/prod/pods?watch=1&resourceVersion=${rv}&timeoutSeconds=1`,
      () => false,
    );
    while (world.api.openWatches < 2) await world.api.waitForRequest((r) => r.verb === 'watch');
    world.api.bookmark();
    const marked = await withMarks;
    expect(marked.events).toEqual([
      {
        type: 'BOOKMARK',
        object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: rv } },
      },
    ]);
    const plain = await without;
    expect(plain).toEqual({ events: [], ended: true });
  });
});

describe('discovery', () => {
  it('serves the documents kubectl reads first', async () => {
    expect((await request('/api')).body.versions).toEqual(['v1']);
    expect((await request('/apis')).body.groups.map((g: J) => g.name)).toEqual([
      'discovery.k8s.io',
    ]);
    const slices = await request('/apis/discovery.k8s.io/v1');
    expect(slices.body.resources[0]).toMatchObject({
      name: 'endpointslices',
      kind: 'EndpointSlice',
      namespaced: true,
    });
  });
});
