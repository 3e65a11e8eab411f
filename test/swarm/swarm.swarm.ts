import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasPeerBinary } from '../helpers/real-peer.js';
import { PrivateDockerd } from '../helpers/swarm-docker.js';
import { buildRootfs } from '../helpers/swarm-image.js';
import { report } from '../reliability/cluster-helpers.js';

// A real orchestrator and its real DNS: a single-node Swarm whose service replicas find each
// other by dns-poll on tasks.<service> through the embedded resolver at 127.0.0.11. Every
// address Docker hands out is inside 198.19.0.0/16; `--dns 127.0.0.1` keeps any other name
// inside the container; the overlay is --internal (no gateway, no NAT); no image is pulled.
const SERVICE = 'musterapp';
const IMAGE = 'muster-swarm:test';
const OVERLAY = '198.19.1.0/24';
const PREFIX = '198.19.1.';
const available =
  (process.getuid?.() === 0 || process.env.CI === 'true') && hasPeerBinary('dockerd');
if (process.getuid?.() !== 0 && process.env.CI !== 'true') {
  console.warn('[muster tests] the swarm test needs root: skipping');
}

interface ReplicaState {
  readonly self: string;
  readonly nodes: string[];
}

let dockerd: PrivateDockerd | undefined;

beforeAll(async () => {
  if (!available) return;
  const dir = await mkdtemp('/tmp/muster-swarm-');
  dockerd = new PrivateDockerd(dir);
  await dockerd.start();
  const d = dockerd;
  await buildRootfs(join(dir, 'rootfs'));
  await d.importTar(join(dir, 'rootfs'), IMAGE);
  // Made before `swarm init` so Docker does not pick a gateway subnet of its own.
  await d.docker([
    'network',
    'create',
    '--subnet=198.19.255.0/24',
    '--opt=com.docker.network.bridge.enable_icc=false',
    '--opt=com.docker.network.bridge.enable_ip_masquerade=false',
    '--opt=com.docker.network.bridge.name=docker_gwbridge',
    'docker_gwbridge',
  ]);
  await d.docker([
    'swarm',
    'init',
    '--advertise-addr=127.0.0.1',
    '--listen-addr=127.0.0.1:2377',
    '--default-addr-pool=198.19.0.0/17',
    '--default-addr-pool-mask-length=24',
  ]);
  await d.docker([
    'network',
    'create',
    '--driver=overlay',
    '--attachable',
    '--internal',
    `--subnet=${OVERLAY}`,
    'mnet',
  ]);
});

afterAll(async () => {
  const d = dockerd;
  if (!d) return;
  await d.docker(['service', 'rm', SERVICE]).catch(() => {});
  await d.docker(['swarm', 'leave', '--force']).catch(() => {});
  await d.stop();
});

/** The last state line each running replica printed. */
async function replicaStates(d: PrivateDockerd): Promise<ReplicaState[]> {
  const ids = (
    await d.docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${SERVICE}`])
  )
    .split('\n')
    .filter(Boolean);
  const states: ReplicaState[] = [];
  for (const id of ids) {
    const lines = (await d.docker(['logs', '--tail', '5', id])).split('\n').reverse();
    const line = lines.find((l) => l.startsWith('{"self"'));
    if (line) states.push(JSON.parse(line) as ReplicaState);
    else states.push({ self: `(no state yet from ${id})`, nodes: [] });
  }
  return states;
}

/** Waits until exactly `n` replicas run and each one's nodes() lists exactly the others. */
async function expectMesh(d: PrivateDockerd, n: number): Promise<ReplicaState[]> {
  let last: ReplicaState[] = [];
  await vi.waitFor(
    async () => {
      last = await replicaStates(d);
      expect(last).toHaveLength(n);
      const selves = last.map((s) => s.self).sort();
      for (const s of last) {
        expect(s.self.startsWith(`app@${PREFIX}`)).toBe(true);
        expect(s.nodes).toEqual(selves.filter((x) => x !== s.self));
      }
    },
    { timeout: 90_000, interval: 1_000 },
  );
  report(`swarm mesh of ${n}`, last);
  return last;
}

describe.skipIf(!available)('muster on Docker Swarm', () => {
  it('follows the service as it scales 3 -> 5 -> 2, and drops a killed task', async () => {
    const d = dockerd!;
    // Every subnet Docker made (gateway bridge, ingress, our overlay) is in 198.19.0.0/16.
    const networks = (await d.docker(['network', 'ls', '-q'])).split('\n');
    const subnets = (
      await d.docker([
        'network',
        'inspect',
        '--format={{range .IPAM.Config}}{{.Subnet}} {{end}}',
        ...networks,
      ])
    )
      .split(/\s+/)
      .filter(Boolean);
    expect(subnets.length).toBeGreaterThanOrEqual(3);
    for (const subnet of subnets) expect(subnet).toMatch(/^198\.19\.\d+\.\d+\/\d+$/);
    await d.docker([
      'service',
      'create',
      '--detach',
      `--name=${SERVICE}`,
      '--replicas=3',
      '--init',
      '--dns=127.0.0.1',
      '--network=mnet',
      '--endpoint-mode=dnsrr',
      '--restart-condition=none',
      `--env=OVERLAY_PREFIX=${PREFIX}`,
      `--env=SERVICE=${SERVICE}`,
      '--workdir=/app',
      IMAGE,
      '/usr/local/bin/node',
      '/app/app.mjs',
    ]);
    await expectMesh(d, 3);
    await d.docker(['service', 'scale', '--detach', `${SERVICE}=5`]);
    await expectMesh(d, 5);
    await d.docker(['service', 'scale', '--detach', `${SERVICE}=2`]);
    const two = await expectMesh(d, 2);

    // kill -9 one task (its init and app): the survivor drops it.
    const ids = (
      await d.docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${SERVICE}`])
    ).split('\n');
    await d.docker(['kill', '--signal=KILL', ids[0]!]);
    await vi.waitFor(
      async () => {
        const states = await replicaStates(d);
        expect(states).toHaveLength(1);
        expect(two.map((s) => s.self)).toContain(states[0]!.self);
        expect(states[0]!.nodes).toEqual([]);
      },
      { timeout: 60_000, interval: 1_000 },
    );
  });
});
