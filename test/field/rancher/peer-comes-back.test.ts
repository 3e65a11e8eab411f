// Source: bitwalker/libcluster#143 (with the Rancher strategy a node that dropped out, e.g. on net_ticktime, was never connected again unless Rancher removed and re-added it)
import { afterEach, describe, expect, it } from 'vitest';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { startEmulator } from '../../helpers/rancher-fixtures.js';
import { PeerProcess } from '../../helpers/tcp-peer-client.js';
import { COOKIE, type Recorded, recordedCluster, upOn } from '../../reliability/cluster-helpers.js';

// Situation: two containers of one service are connected; one of them drops out (its
// process is killed and restarts on the same address) while the metadata does not change at
// all. libcluster
// only connected nodes a poll newly "added", so the survivor never dialled it again.
// Expected: a node the metadata still lists is wanted, and is connected again when it comes
// back, without any change in the metadata and without waiting for a poll.

const MD = '127.132.10.10';
const A = 'hello@127.132.10.1';
const B = 'hello@127.132.10.2';

let md: RancherMetadataEmulator | undefined;
const clusters: Recorded[] = [];
const peers: PeerProcess[] = [];

afterEach(async () => {
  for (const c of clusters.splice(0)) await c.cluster.stop();
  for (const p of peers.splice(0)) await p.close();
  await md?.stop();
  md = undefined;
});

/** B in a process of its own that only accepts (so only A can bring the link back). */
async function peerB(): Promise<PeerProcess> {
  const p = new PeerProcess();
  peers.push(p);
  await p.request({ op: 'start', names: [B], port: 4370, cookie: COOKIE });
  return p;
}

describe('field: a peer the metadata still lists drops out and comes back', () => {
  it('is connected again with no metadata change and no new poll', {
    timeout: 60_000,
  }, async () => {
    md = await startEmulator(MD);
    md.addStack('prod');
    md.addService({ stack: 'prod', name: 'hello', scale: 0 });
    for (const ip of ['127.132.10.1', '127.132.10.2']) {
      md.addContainer({ stack: 'prod', service: 'hello', primaryIp: ip });
    }
    const rancher = {
      rancher: {
        strategy: 'rancher-metadata',
        config: {
          nodeBasename: 'hello',
          url: md.url,
          service: { stack: 'prod', name: 'hello' },
          longPoll: false,
          pollingInterval: 3_600_000,
        },
      },
    };
    const first = await peerB();
    const a = recordedCluster(A, rancher);
    clusters.push(a);
    await a.cluster.start();
    await upOn(a.cluster, B);
    const requestsBefore = md.requests.length;

    const down = new Promise<string>((resolve) =>
      a.cluster.once('nodedown', (_n, r) => resolve(r)),
    );
    await first.close(); // SIGKILL: no goodbye
    expect(await down).not.toBe('shutdown');
    await peerB();
    await upOn(a.cluster, B);

    expect(a.cluster.nodes()).toEqual([B]);
    expect(md.requests.length).toBe(requestsBefore);
  });
});
