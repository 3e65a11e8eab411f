import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/logger.js';
import { nodeName } from '../../../src/core/node-name.js';
import { names } from '../../../src/epmd/epmd-client.js';
import { EpmdNameTakenError } from '../../../src/epmd/epmd-errors.js';
import { EpmdPortMapping } from '../../../src/epmd/epmd-port-mapping.js';
import { eventually, freePort } from '../../helpers/epmd-peers.js';

const HOST = '127.30.30.1';
const mappings: EpmdPortMapping[] = [];

function mapping(epmdPort?: number): EpmdPortMapping {
  const m = new EpmdPortMapping({
    ...(epmdPort === undefined ? {} : { epmdPort }),
    start: 'in-process',
    logger: silentLogger(),
  });
  mappings.push(m);
  return m;
}

afterEach(async () => {
  await Promise.all(mappings.splice(0).map((m) => m.close()));
});

describe('EpmdPortMapping', () => {
  it('starts an embedded EPMD when none listens, and two nodes on one host find each other', async () => {
    const epmdPort = await freePort([HOST]);
    const a = mapping(epmdPort);
    const b = mapping(epmdPort);
    await a.publish(nodeName('a', HOST), 20_001);
    expect(a.embeddedServer?.addresses).toEqual([HOST]);
    await b.publish(nodeName('b', HOST), 20_002);
    expect(b.embeddedServer).toBeUndefined();
    expect(await a.portOf(nodeName('b', HOST))).toBe(20_002);
    expect(await b.portOf(nodeName('a', HOST))).toBe(20_001);
    expect(a.currentRegistration?.creation).toBeGreaterThan(0);
  });

  it('starts exactly one embedded EPMD when several nodes publish at once', async () => {
    const epmdPort = await freePort([HOST]);
    const all = ['x', 'y', 'z'].map(() => mapping(epmdPort));
    await Promise.all(all.map((m, i) => m.publish(nodeName(`n${i}`, HOST), 21_000 + i)));
    expect(all.filter((m) => m.embeddedServer !== undefined)).toHaveLength(1);
    const listed = await names(HOST, epmdPort);
    expect(listed.map((n) => n.name).sort()).toEqual(['n0', 'n1', 'n2']);
  });

  it('registers again (starting its own EPMD) when the EPMD it used goes away', async () => {
    const epmdPort = await freePort([HOST]);
    const owner = mapping(epmdPort);
    const other = mapping(epmdPort);
    await owner.publish(nodeName('owner', HOST), 22_001);
    await other.publish(nodeName('other', HOST), 22_002);
    await owner.close();
    const asker = mapping(epmdPort);
    await eventually(
      () =>
        asker.portOf(nodeName('other', HOST)).then(
          (p) => p === 22_002,
          () => false,
        ),
      'the other node to register again',
    );
    expect(other.embeddedServer).toBeDefined();
  });

  it('refuses to publish a name another node on the host holds', async () => {
    const epmdPort = await freePort([HOST]);
    await mapping(epmdPort).publish(nodeName('same', HOST), 23_001);
    await expect(mapping(epmdPort).publish(nodeName('same', HOST), 23_002)).rejects.toBeInstanceOf(
      EpmdNameTakenError,
    );
  });

  it('honours ERL_EPMD_PORT when no port is given', async () => {
    const epmdPort = await freePort([HOST]);
    const saved = process.env.ERL_EPMD_PORT;
    process.env.ERL_EPMD_PORT = String(epmdPort);
    try {
      const m = mapping();
      expect(m.epmdPort).toBe(epmdPort);
      await m.publish(nodeName('env', HOST), 24_001);
      expect(await names(HOST, epmdPort)).toEqual([{ name: 'env', port: 24_001 }]);
    } finally {
      if (saved === undefined) delete process.env.ERL_EPMD_PORT;
      else process.env.ERL_EPMD_PORT = saved;
    }
  });

  it('stops its embedded EPMD on close', async () => {
    const epmdPort = await freePort([HOST]);
    const m = mapping(epmdPort);
    await m.publish(nodeName('gone', HOST), 25_001);
    await m.close();
    await expect(names(HOST, epmdPort, { timeout: 1_000 })).rejects.toMatchObject({
      code: 'MUSTER_ERR_EPMD_UNREACHABLE',
    });
  });

  it('fails portOf with a typed error when the peer host has no EPMD', async () => {
    const epmdPort = await freePort(['127.30.30.9']);
    await expect(mapping(epmdPort).portOf(nodeName('x', '127.30.30.9'))).rejects.toMatchObject({
      code: 'MUSTER_ERR_EPMD_UNREACHABLE',
    });
  });
});
