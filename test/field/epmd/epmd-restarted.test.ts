// Source: erlang/otp#3003 (a node never re-registered after its epmd crashed or was restarted by systemd, and stayed invisible)
import { afterEach, describe, expect, it } from 'vitest';
import { nodeName } from '../../../src/core/node-name.js';
import { names } from '../../../src/epmd/epmd-client.js';
import { EpmdPortMapping } from '../../../src/epmd/epmd-port-mapping.js';
import { eventually, spawnPeer, startRealEpmd } from '../../helpers/epmd-peers.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { killAndWait } from '../../helpers/proc.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// Situation: the host's system epmd holds the port and the node is registered with it; the
// epmd dies and its supervisor starts it again a moment later. The code this started from
// saw the port free on its first retry, started its own EPMD in that gap, and the
// supervisor's epmd could no longer bind. Expected: the registration follows whichever EPMD
// holds the port, and the node leaves the port to a restarting supervisor for a grace period.

const HOST = '127.132.6.10';
const hasEpmd = hasPeerBinary('epmd');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.runIf(hasEpmd)('field: the system epmd is restarted under a registered node', () => {
  it('registers again with the restarted epmd, which keeps the port', async () => {
    const first = await startRealEpmd(HOST);
    cleanups.push(() => first.stop());
    const port = first.port;
    const log = capturedLogger();
    const mapping = new EpmdPortMapping({ epmdPort: port, logger: log.logger });
    cleanups.push(() => mapping.close());
    await mapping.publish(nodeName('hello', HOST), 31_001);
    cleanups.push(() => {
      const daemon = mapping.startedDaemon;
      return daemon === undefined ? undefined : killAndWait(daemon.pid);
    });

    await first.stop();
    await log.waitFor(/registration lost/);
    // "A moment later": after the node has tried the free port at least once.
    await log.waitFor(/registration failed|started an (embedded )?epmd/);
    const restarted = spawnPeer('epmd', ['-port', String(port), '-address', HOST]);
    cleanups.push(() => restarted.stop());

    await eventually(
      async () => {
        if (restarted.child.exitCode !== null) {
          throw new Error(`the restarted epmd could not start: ${restarted.stderr()}`);
        }
        const listed = await names(HOST, port, { timeout: 500 }).catch(() => []);
        return listed.some((n) => n.name === 'hello');
      },
      'the node to register with the restarted epmd',
      15_000,
    );
    expect(restarted.child.exitCode).toBeNull();
    expect(mapping.embeddedServer).toBeUndefined();
    expect(mapping.startedDaemon).toBeUndefined();
  });
});
