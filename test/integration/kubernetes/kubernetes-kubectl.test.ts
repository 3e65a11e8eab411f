import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KubernetesWorld,
  startKubernetesWorld,
  TOKEN,
} from '../../helpers/kubernetes-fixtures.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// kubectl is the reference client: if it can get and watch from the emulator, the emulator
// speaks the real protocol (discovery, lists, watch streams, Status errors, TLS).
const HOST = '127.136.5.1';
const haveKubectl = hasPeerBinary('kubectl');

let world: KubernetesWorld;

beforeAll(async () => {
  if (!haveKubectl) return;
  world = await startKubernetesWorld(HOST);
  world.api.putEndpointSlice({
    service: 'hello',
    namespace: 'prod',
    endpoints: [{ address: '10.1.0.5', ready: true, podName: 'hello-a' }],
  });
  world.api.putPod({
    name: 'hello-a',
    namespace: 'prod',
    labels: { app: 'hello' },
    podIP: '10.1.0.5',
  });
});
afterAll(async () => {
  await world?.close();
});

function args(extra: string[], opts: { token?: string; ca?: string } = {}): string[] {
  return [
    '--server',
    world.config.apiServer,
    '--certificate-authority',
    opts.ca ?? world.caPath,
    '--token',
    opts.token ?? TOKEN,
    '--cache-dir',
    join(world.dir, 'kubectl-cache'),
    '--request-timeout',
    '20s',
    '-n',
    'prod',
    ...extra,
  ];
}

/** Rewrites pod hello-a, terminating or not. */
const k8sPut = (name: string, terminating: boolean) =>
  world.api.putPod({
    name,
    namespace: 'prod',
    labels: { app: 'hello' },
    podIP: '10.1.0.5',
    terminating,
  });

const env = () => ({ ...process.env, KUBECONFIG: '/dev/null', HOME: world.dir });

function kubectl(
  extra: string[],
  opts: { token?: string; ca?: string } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      args(extra, opts),
      { env: env(), timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `kubectl get -w` and hands back each line it prints. */
function watch(extra: string[]): { child: ChildProcess; nextLine: () => Promise<string> } {
  const child = spawn('kubectl', args(['get', '-w', ...extra]), { env: env() });
  const lines: string[] = [];
  const waiters: ((l: string) => void)[] = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  return {
    child,
    nextLine: () => {
      const l = lines.shift();
      return l !== undefined ? Promise.resolve(l) : new Promise((r) => waiters.push(r));
    },
  };
}

describe.skipIf(!haveKubectl)('kubectl against the emulator', () => {
  it('gets EndpointSlices (discovery, then a list) as JSON and as a table', async () => {
    const json = await kubectl(['get', 'endpointslices', '-o', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as {
      items: { metadata: { name: string }; endpoints: { addresses: string[] }[] }[];
    };
    expect(list.items.map((i) => i.metadata.name)).toEqual(['hello-ipv4']);
    expect(list.items[0]!.endpoints[0]!.addresses).toEqual(['10.1.0.5']);
    // kubectl asks for a Table and prints the server's columns.
    const table = await kubectl(['get', 'endpointslices']);
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trim().split('\n');
    expect(header!.split(/\s+/)).toEqual(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
    expect(row!.split(/\s+/).slice(0, 4)).toEqual(['hello-ipv4', 'IPv4', '4370', '10.1.0.5']);
    const pods = await kubectl(['get', 'pods', '-o', 'wide']);
    expect(pods.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP/);
    expect(pods.stdout).toMatch(/hello-a\s+1\/1\s+Running\s+0\s+\S+\s+10\.1\.0\.5/);
    const one = await kubectl([
      'get',
      'endpointslice',
      'hello-ipv4',
      '-o',
      'jsonpath={.addressType}',
    ]);
    expect(one.stdout).toBe('IPv4');
  });

  it('gets pods by label selector', async () => {
    const res = await kubectl(['get', 'pods', '-l', 'app=hello', '-o', 'name']);
    expect(res.code).toBe(0);
    expect(res.stdout.trim()).toBe('pod/hello-a');
    const none = await kubectl(['get', 'pods', '-l', 'app=other', '-o', 'name']);
    expect(none.stdout.trim()).toBe('');
  });

  for (const resource of ['endpointslices', 'pods'] as const) {
    it(`watches ${resource} with get --watch: list, then the watch stream from its resourceVersion`, async () => {
      const listRv = String(world.api.store.resourceVersion);
      const opened = world.api.waitForRequest((r) => r.verb === 'watch' && r.resource === resource);
      const w = watch([resource, '-o', 'name']);
      try {
        expect(await w.nextLine()).toMatch(resource === 'pods' ? 'pod/hello-a' : 'hello-ipv4');
        const req = await opened;
        expect(req.query.get('resourceVersion')).toBe(listRv);
        if (resource === 'pods') {
          world.api.putPod({
            name: 'hello-b',
            namespace: 'prod',
            labels: { app: 'hello' },
            podIP: '10.1.0.6',
          });
          expect(await w.nextLine()).toBe('pod/hello-b');
        } else {
          world.api.putEndpointSlice({
            service: 'hello',
            namespace: 'prod',
            name: 'hello-extra',
            endpoints: [{ address: '10.1.0.6' }],
          });
          expect(await w.nextLine()).toBe('endpointslice.discovery.k8s.io/hello-extra');
        }
      } finally {
        w.child.kill();
      }
    });
  }

  it('watches as a table: the header, the rows, then a row per event', async () => {
    const w = watch(['pods', '-l', 'app=hello']);
    try {
      expect(await w.nextLine()).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
      const lineMatching = async (re: RegExp) => {
        for (let line = await w.nextLine(); ; line = await w.nextLine()) if (re.test(line)) return;
      };
      await lineMatching(/^hello-a\s+1\/1\s+Running/);
      k8sPut('hello-a', true);
      await lineMatching(/^hello-a\s+1\/1\s+Terminating/);
    } finally {
      w.child.kill();
    }
  });

  it('reads the Status of a 403 and a 401 as the API server writes them', async () => {
    world.api.addToken('reader', {
      user: 'system:serviceaccount:prod:hello',
      rules: [{ verbs: ['list'], resources: ['pods'], namespaces: ['prod'] }],
    });
    const forbidden = await kubectl(['get', 'endpointslices'], { token: 'reader' });
    expect(forbidden.code).not.toBe(0);
    expect(forbidden.stderr).toContain('Error from server (Forbidden)');
    expect(forbidden.stderr).toContain(
      'User "system:serviceaccount:prod:hello" cannot list resource "endpointslices" in API group "discovery.k8s.io" in the namespace "prod"',
    );
    const unauthorized = await kubectl(['get', 'pods'], { token: 'nobody' });
    expect(unauthorized.code).not.toBe(0);
    expect(unauthorized.stderr).toMatch(/Unauthorized|provide credentials/);
  });

  it('refuses the emulator when the CA does not match (kubectl verifies TLS too)', async () => {
    const rogue = join(world.dir, 'rogue.crt');
    writeFileSync(rogue, world.certs.rogueCert);
    const res = await kubectl(['get', 'pods'], { ca: rogue });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/x509|certificate/);
  });
});
