// Source: bitwalker/distillery#320 (the epmd a release started with `epmd -daemon` outlives the node by design; other nodes of the host rely on it)
import { afterEach, describe, expect, it } from 'vitest';
import { nodeName } from '../../../src/core/node-name.js';
import { names } from '../../../src/epmd/epmd-client.js';
import type { PortMapperStart } from '../../../src/epmd/epmd-daemon.js';
import { EpmdPortMapping } from '../../../src/epmd/epmd-port-mapping.js';
import { freePort } from '../../helpers/epmd-peers.js';
import { startErlangNode } from '../../helpers/erlang-node.js';
import { capturedLogger } from '../../helpers/log-capture.js';
import { isRunning, killAndWait } from '../../helpers/proc.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';

// Situation: nothing listens on the EPMD port, so the first node of the host starts a port
// mapper; other nodes (here a real Erlang node, which never re-registers) register with it;
// then that first node stops. The code this started from ran the port mapper inside the node
// and took it down with it: the Erlang node vanished from the host for good. Expected, as
// `erl` runs `epmd -daemon`: the port mapper is detached and outlives the node that started it.

const LOOPBACK = '127.0.0.1'; // where `erl` registers, so where the port mapper must listen
const ERL_LISTEN = '127.132.6.5';
const hasErl = hasPeerBinary('erl');
const hasEpmd = hasPeerBinary('epmd');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const kinds: [PortMapperStart, boolean][] = [
  ['daemon', hasEpmd], // the system's epmd binary
  ['embedded-daemon', true], // muster's embedded EPMD in a detached Node process
];

describe.runIf(hasErl)('field: the node that started the port mapper stops', () => {
  for (const [start, runnable] of kinds) {
    it.runIf(runnable)(
      `start: '${start}' leaves the port mapper to the host's other nodes`,
      async () => {
        const port = await freePort([LOOPBACK]);
        const log = capturedLogger();
        const first = new EpmdPortMapping({ epmdPort: port, start, logger: log.logger });
        cleanups.push(() => first.close());
        await first.publish(nodeName('first', LOOPBACK), 30_001);
        const daemon = first.startedDaemon;
        if (daemon !== undefined) cleanups.push(() => killAndWait(daemon.pid));

        const erl = await startErlangNode({
          name: 'erlnode',
          epmdPort: port,
          epmdHost: LOOPBACK,
          listenAddress: ERL_LISTEN,
        });
        cleanups.push(() => erl.stop());
        await first.close();

        // The first node is gone from the table; the Erlang node is still listed.
        const listed = (await names(LOOPBACK, port, { timeout: 2_000 })).map((n) => n.name);
        expect(listed).toEqual(['erlnode']);
        expect(daemon?.kind).toBe(start === 'daemon' ? 'epmd' : 'embedded');
        expect(isRunning(daemon!.pid)).toBe(true);
      },
    );
  }
});
