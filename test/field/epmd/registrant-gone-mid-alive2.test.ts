// Source: erlang/otp#923 (a node whose connection closed while epmd processed its ALIVE2 stayed registered for ever)
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { names, registerNode } from '../../../src/epmd/epmd-client.js';
import { encodeAlive2Request } from '../../../src/epmd/epmd-requests.js';
import {
  type EpmdUnderTest,
  eventually,
  startEmbeddedEpmd,
  startRealEpmd,
} from '../../helpers/epmd-peers.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// Situation: a registering node dies right after sending ALIVE2_REQ: its connection is reset
// before (or while) the EPMD answers. Expected, as erts epmd since the fix: the name is not
// left registered with nobody behind it; the same name can register again.

const hasEpmd = hasPeerBinary('epmd');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const request = (name: string) =>
  encodeAlive2Request({
    name,
    port: 6_000,
    nodeType: 77,
    protocol: 0,
    highestVersion: 6,
    lowestVersion: 5,
    extra: new Uint8Array(0),
  });

/** Sends ALIVE2_REQ for `name` and resets the connection at once. */
function registerAndVanish(host: string, port: number, name: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.on('error', () => {});
    socket.once('connect', () => {
      socket.write(request(name), () => {
        socket.resetAndDestroy();
        resolve();
      });
    });
    socket.once('close', () => resolve());
  });
}

const peers: [string, boolean, (host: string) => Promise<EpmdUnderTest>][] = [
  ['the embedded EPMD', true, (host) => startEmbeddedEpmd(host, { loopback: false })],
  ["Debian's epmd", hasEpmd, (host) => startRealEpmd(host)],
];

describe('field: a node that vanishes right after ALIVE2_REQ', () => {
  for (const [label, runnable, start] of peers) {
    it.runIf(runnable)(`${label} does not keep its name`, async () => {
      const host = label.startsWith('the') ? '127.132.9.1' : '127.132.9.2';
      const epmd = await start(host);
      cleanups.push(() => epmd.stop());
      const vanished = Array.from({ length: 50 }, (_, i) => `gone${i}`);
      await Promise.all(vanished.map((name) => registerAndVanish(host, epmd.port, name)));
      await eventually(
        async () => (await names(host, epmd.port)).length === 0,
        'every vanished registration to be dropped',
      );
      const again = await registerNode(host, epmd.port, { name: 'gone0', port: 6_001 });
      cleanups.push(() => again.close());
      expect((await names(host, epmd.port)).map((n) => n.name)).toEqual(['gone0']);
    });
  }
});
