import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import type { MusterError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { nodeName } from '../../../src/core/node-name.js';
import { registerNode } from '../../../src/epmd/epmd-client.js';
import type { EpmdRegistration } from '../../../src/epmd/epmd-registration.js';
import { EpmdServer } from '../../../src/epmd/epmd-server.js';
import { EpmdStrategy } from '../../../src/strategies/epmd-strategy.js';
import { freePort } from '../../helpers/epmd-peers.js';

const A = '127.30.40.1';
const B = '127.30.40.2';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function epmdOn(host: string, port: number): Promise<EpmdServer> {
  const server = new EpmdServer({ host, port });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

async function register(host: string, port: number, name: string, nodePort: number) {
  const reg: EpmdRegistration = await registerNode(host, port, { name, port: nodePort });
  cleanups.push(() => reg.close());
  return reg;
}

function strategy(raw: Record<string, unknown>) {
  const s = new EpmdStrategy({
    topology: 'hosts',
    config: EpmdStrategy.parseConfig({ pollingInterval: 60_000, timeout: 1_000, ...raw }),
    logger: silentLogger(),
    clock: systemClock,
    self: nodeName('self', A),
  });
  cleanups.push(() => s.stop());
  const warnings: MusterError[] = [];
  const errors: MusterError[] = [];
  s.on('warning', (w) => warnings.push(w));
  s.on('error', (e) => errors.push(e));
  return { s, warnings, errors };
}

describe('EpmdStrategy over several hosts', () => {
  it('asks every host and wants name@host for each', async () => {
    const port = await freePort([A, B]);
    await epmdOn(A, port);
    await epmdOn(B, port);
    await register(A, port, 'web', 1001);
    await register(B, port, 'web', 1002);
    await register(B, port, 'worker', 1003);
    const { s } = strategy({ hosts: [A, B], epmdPort: port });
    await s.start();
    await s.ready;
    expect([...s.known()].sort()).toEqual(
      [nodeName('web', A), nodeName('web', B), nodeName('worker', B)].sort(),
    );
  });

  it('keeps the nodes of a host that stops answering, warns, and still counts the others', async () => {
    const port = await freePort([A, B]);
    await epmdOn(A, port);
    const serverB = await epmdOn(B, port);
    await register(A, port, 'web', 1001);
    await register(B, port, 'web', 1002);
    const { s, warnings, errors } = strategy({ hosts: [A, B], epmdPort: port });
    await s.start();
    await s.ready;
    await serverB.stop();
    const added = await register(A, port, 'late', 1004);
    await s.pollNow();
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('MUSTER_ERR_EPMD_UNREACHABLE');
    expect(warnings[0]!.message).toContain(B);
    expect([...s.known()].sort()).toEqual(
      [nodeName('late', A), nodeName('web', A), nodeName('web', B)].sort(),
    );
    await added.close();
  });

  it('fails the poll (and keeps the set) when no host answers', async () => {
    const port = await freePort([A, B]);
    const serverA = await epmdOn(A, port);
    await register(A, port, 'web', 1001);
    const { s, errors, warnings } = strategy({ hosts: [A, B], epmdPort: port });
    await s.start();
    await s.ready;
    expect(warnings).toHaveLength(1); // B never answered
    await serverA.stop();
    await s.pollNow();
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('MUSTER_ERR_EPMD_UNREACHABLE');
    expect([...s.known()]).toEqual([nodeName('web', A)]);
  });

  it('reads hosts from a .hosts.erlang file on every poll', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'muster-epmd-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, '.hosts.erlang');
    await writeFile(file, `% the hosts of this cluster\n'${A}'.\n`);
    const port = await freePort([A, B]);
    await epmdOn(A, port);
    await epmdOn(B, port);
    await register(A, port, 'web', 1001);
    await register(B, port, 'web', 1002);
    const { s } = strategy({ hostsFile: file, epmdPort: port });
    await s.start();
    await s.ready;
    expect([...s.known()]).toEqual([nodeName('web', A)]);
    await writeFile(file, `'${A}'.\n'${B}'. % added\n`);
    await s.pollNow();
    expect([...s.known()].sort()).toEqual([nodeName('web', A), nodeName('web', B)].sort());
  });
});
