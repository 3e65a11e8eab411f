import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';

const HOST = '127.40.3.1';

let md: RancherMetadataEmulator;

beforeEach(async () => {
  md = await startEmulator(HOST);
});

afterEach(async () => {
  await md.stop();
});

interface Answer {
  status: number;
  type: string;
  body: string;
  bytes: number;
}

/** A plain GET that also counts bytes without keeping huge bodies. */
function get(path: string, json = true, keepBody = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${md.url}${path}`,
      { headers: json ? { accept: 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          if (keepBody) chunks.push(c);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type']),
            body: Buffer.concat(chunks).toString('utf8'),
            bytes,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const json = async (path: string) => JSON.parse((await get(path)).body) as unknown;

describe('RancherMetadataEmulator', () => {
  it('listens on the requested loopback address', () => {
    expect(md.url).toMatch(/^http:\/\/127\.40\.3\.1:\d+$/);
  });

  it('serves self/* in JSON for the chosen container', async () => {
    const [a] = md.addService({ stack: 'prod', name: 'hello', scale: 2, healthCheck: true });
    md.setSelf(a);
    const container = (await json('/latest/self/container')) as Record<string, unknown>;
    expect(container).toMatchObject({
      name: a,
      primary_ip: md.ipOf(a!),
      ips: [md.ipOf(a!)],
      service_name: 'hello',
      stack_name: 'prod',
      state: 'running',
      health_state: 'healthy',
      create_index: 1,
    });
    expect(typeof container.uuid).toBe('string');
    expect(await json('/latest/self/service/name')).toBe('hello');
    expect(await json('/latest/self/stack/name')).toBe('prod');
    expect(await json('/latest/self/container/primary_ip')).toBe(md.ipOf(a!));
    const service = (await json('/latest/self/service')) as Record<string, unknown>;
    expect(service).toMatchObject({ name: 'hello', stack_name: 'prod', scale: 2 });
  });

  it('lists containers as objects in 2015-12-19 and latest, as names in 2015-07-25', async () => {
    const names = md.addService({ stack: 'foostack', name: 'barservice', scale: 3 });
    const v1 = await json('/2015-07-25/services/barservice/containers');
    expect(v1).toEqual(names);
    expect(await json('/2015-07-25/stacks/foostack/services/barservice/containers')).toEqual(names);
    for (const v of ['2015-12-19', 'latest']) {
      const list = (await json(`/${v}/stacks/foostack/services/barservice/containers`)) as {
        name: string;
      }[];
      expect(list.map((c) => c.name)).toEqual(names);
    }
    // Drill down by name or by index.
    expect(await json(`/2015-07-25/containers/${names[1]}/name`)).toBe(names[1]);
    expect(await json('/2015-12-19/services/0/name')).toBe('barservice');
  });

  it('answers plaintext without Accept: application/json', async () => {
    const [a] = md.addService({ stack: 'prod', name: 'hello', scale: 1 });
    md.setSelf(a);
    const keys = await get('/2015-12-19/self/container', false);
    expect(keys.type).toMatch(/^text\/plain/);
    const lines = keys.body.split('\n');
    expect(lines).toContain('primary_ip');
    expect(lines).toContain('labels/');
    expect(lines).toContain('ips/');
    expect((await get('/2015-12-19/self/container/primary_ip', false)).body).toBe(md.ipOf(a!));
    expect((await get('/2015-12-19/services', false)).body).toBe('0=hello\n');
    expect((await get('/2015-12-19/self/container/ips', false)).body).toBe(`0=${md.ipOf(a!)}\n`);
    expect((await get('/2015-12-19/self/container/health_state', false)).body).toBe('');
  });

  it('answers 404 with the documented body', async () => {
    const answer = await get('/latest/services/nope');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toEqual({ code: 404, message: 'Not found', type: 'error' });
    expect((await get('/latest/self/container')).status).toBe(404); // no self chosen
    expect((await get('/1999-01-01/version')).status).toBe(404);
    const plain = await get('/latest/services/nope', false);
    expect([plain.status, plain.body]).toEqual([404, 'Not found']);
  });

  it('long-polls version: answers at once on a different value, parks on the same one', async () => {
    const v0 = (await json('/latest/version')) as string;
    expect(await json('/latest/version?wait=true&value=stale&maxWait=30')).toBe(v0);

    const parked = md.waitForRequest((r) => r.longPoll);
    const answer = json(`/latest/version?wait=true&value=${v0}&maxWait=30`);
    await parked;
    expect(md.parkedLongPolls).toBe(1);
    md.addStack('new');
    const v1 = await answer;
    expect(v1).not.toBe(v0);
    expect(v1).toBe(md.version);
    expect(md.parkedLongPolls).toBe(0);
  });

  it('long poll returns the same version after maxWait', async () => {
    const v0 = md.version;
    expect(await json(`/latest/version?wait=true&value=${v0}&maxWait=1`)).toBe(v0);
  });

  it('stop() ends parked long polls and hung requests', async () => {
    md.injectFault({ kind: 'hang' }, { match: '/self/' });
    const v0 = md.version;
    const parked = md.waitForRequest((r) => r.longPoll);
    const hung = md.waitForRequest((r) => r.path === 'self/container');
    const a = get(`/latest/version?wait=true&value=${v0}&maxWait=600`).catch((e: unknown) => e);
    const b = get('/latest/self/container').catch((e: unknown) => e);
    await Promise.all([parked, hung]);
    await md.stop();
    expect(await a).toBeInstanceOf(Error);
    expect(await b).toBeInstanceOf(Error);
  });

  it('injects faults for a number of requests, then heals', async () => {
    md.injectFault({ kind: 'status', status: 500 }, { times: 2 });
    expect((await get('/latest/version')).status).toBe(500);
    expect((await get('/latest/version')).status).toBe(500);
    expect((await get('/latest/version')).status).toBe(200);
  });

  it('injects garbage and wrong field types', async () => {
    md.addService({ stack: 'prod', name: 'hello', scale: 1 });
    const remove = md.injectFault({ kind: 'garbage' });
    const garbage = await get('/latest/services/hello');
    expect(() => JSON.parse(garbage.body)).toThrow();
    remove();
    md.injectFault({ kind: 'wrong-types' });
    const svc = (await json('/latest/services/hello')) as Record<string, unknown>;
    expect(svc.containers).toBe('not-a-list');
  });

  it('streams a 50 MB body without announcing its length', async () => {
    md.injectFault({ kind: 'huge', bytes: 50 * 1024 * 1024 });
    const answer = await get('/latest/version', true, false);
    expect(answer.status).toBe(200);
    expect(answer.bytes).toBe(50 * 1024 * 1024);
  });

  it('scales, removes and patches containers, bumping the version each time', async () => {
    const v0 = md.version;
    const up = md.scale('prod', 'hello', 3);
    expect(md.containerNames('prod', 'hello')).toEqual(up);
    expect(md.version).not.toBe(v0);
    const down = md.scale('prod', 'hello', 1);
    expect(down).toEqual(up.slice(0, 1));
    md.patchContainer(down[0]!, { primary_ip: undefined, extra_field: 'x' });
    const c = (await json(`/latest/containers/${down[0]}`)) as Record<string, unknown>;
    expect('primary_ip' in c).toBe(false);
    expect(c.extra_field).toBe('x');
    md.removeService('prod', 'hello');
    expect((await get('/latest/stacks/prod/services/hello')).status).toBe(404);
  });
});
