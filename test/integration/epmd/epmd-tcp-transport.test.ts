import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { nodeName } from '../../../src/core/node-name.js';
import { names } from '../../../src/epmd/epmd-client.js';
import { tcpTransportSchema } from '../../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../../src/transport/tcp/tcp-transport.js';
import { freePort } from '../../helpers/epmd-peers.js';

const HOST = '127.30.60.1';
const transports: TcpTransport[] = [];

function transport(epmdPort: number): TcpTransport {
  const options = tcpTransportSchema.parse({
    kind: 'tcp',
    port: 0,
    epmd: { port: epmdPort, start: 'in-process' },
  });
  const t = new TcpTransport(options, {
    logger: silentLogger(),
    clock: systemClock,
    cookie: 'epmd-test-cookie',
  });
  transports.push(t);
  return t;
}

afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.stop()));
});

describe('TCP transport with epmd: true', () => {
  it('two nodes on one host with port 0 find and connect to each other', async () => {
    const epmdPort = await freePort([HOST]);
    const a = transport(epmdPort);
    const b = transport(epmdPort);
    const nameA = nodeName('alpha', HOST);
    const nameB = nodeName('beta', HOST);
    await a.start(nameA);
    await b.start(nameB);
    const listed = await names(HOST, epmdPort);
    expect(new Map(listed.map((n) => [n.name, n.port]))).toEqual(
      new Map([
        ['alpha', a.address()],
        ['beta', b.address()],
      ]),
    );
    const signal = new AbortController().signal;
    await expect(a.dial(nameB, { signal })).resolves.toBeUndefined();
    expect(a.nodes()).toEqual([nameB]);
    await expect(b.dial(nameA, { signal })).resolves.toBeUndefined();
    await b.stop();
    await a.stop();
  });
});
