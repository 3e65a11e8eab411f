import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { toNodeName } from '../../../src/core/node-name.js';
import { tcpTransportSchema } from '../../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../../src/transport/tcp/tcp-transport.js';
import type { Transport } from '../../../src/transport/transport.js';
import { Bus, BusTransport } from '../../helpers/bus-transport.js';
import { TEST_COOKIE, TEST_PORT } from '../../helpers/tcp-nodes.js';
import { type ContractSubject, transportContract } from '../../helpers/transport-contract.js';

// This file's addresses: 127.133.2.0/24 (TCP), names only on the bus.

let counter = 0;

function subjectOf(make: () => Transport, host: (i: number) => string): () => ContractSubject {
  return () => {
    const started: Transport[] = [];
    return {
      async start(name, options) {
        const t = make();
        await t.start(name, options);
        started.push(t);
        return t;
      },
      unreachable: toNodeName(`nobody@${host(250)}`),
      names: (count) =>
        Array.from({ length: count }, () => toNodeName(`n${counter}@${host(++counter % 240)}`)),
      async cleanup() {
        await Promise.all(started.splice(0).map((t) => t.stop()));
      },
    };
  };
}

const bus = new Bus();
transportContract(
  'a user-written transport over an in-process bus',
  subjectOf(
    () => new BusTransport(bus),
    (i) => `127.133.1.${i}`,
  ),
);

transportContract(
  'TcpTransport',
  subjectOf(
    () =>
      new TcpTransport(tcpTransportSchema.parse({ kind: 'tcp', port: TEST_PORT }), {
        logger: silentLogger(),
        clock: systemClock,
        cookie: TEST_COOKIE,
      }),
    (i) => `127.133.2.${i + 1}`,
  ),
);
