/**
 * Cost of the per-frame MAC (issue 14, case 9): messages per second from one node to another
 * over one plaintext connection, with the MAC as shipped and without it (switched off on both
 * ends of a live connection: the wire as it was before), alternated in one run (on, off, off,
 * on, ...) so drift on a shared machine hits both alike. Each round opens a fresh connection,
 * sends `--messages` messages of `--size` payload bytes (waiting for `drain` when `send` says
 * the buffer is full) and stops when the receiver has them all.
 *
 *   node --import tsx benchmarks/messages-mac.ts [--messages 20000] [--rounds 3] [--size 100]
 *
 * Prints one JSON object on stdout. Addresses: 127.134.200.1-2 (port 4574).
 */
import { parseArgs } from 'node:util';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { type NodeName, toNodeName } from '../src/core/node-name.js';
import { tcpTransportSchema } from '../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../src/transport/tcp/tcp-transport.js';
import { median, round } from './lib/measure.js';
import { COOKIE } from './lib/peer-hosts.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
    size: { type: 'string', default: '100' },
  },
});
const MESSAGES = Number(values.messages);
const ROUNDS = Number(values.rounds);
const PAYLOAD = { text: 'x'.repeat(Number(values.size)) };
const PORT = 4574;

function transport(host: string): TcpTransport {
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: PORT, host });
  return new TcpTransport(options, { logger: silentLogger(), clock: systemClock, cookie: COOKIE });
}

/** The connection's MAC off on both ends: reaches into privates, for this measurement only. */
function macOff(t: TcpTransport, peer: NodeName): void {
  const conn = (t as unknown as { up: Map<NodeName, { mac: unknown }> }).up.get(peer)!;
  conn.mac = undefined;
}

async function roundOf(a: TcpTransport, b: TcpTransport, mac: boolean): Promise<number> {
  const [nameA, nameB] = [a.self, b.self];
  const bUp = new Promise<void>((resolve) => b.once('nodeup', () => resolve()));
  await a.dial(nameB, { signal: AbortSignal.timeout(10_000) });
  await bUp;
  if (!mac) {
    macOff(a, nameB);
    macOff(b, nameA);
  }
  let received = 0;
  const done = new Promise<void>((resolve) => {
    const on = () => {
      if (++received < MESSAGES) return;
      b.off('message', on);
      resolve();
    };
    b.on('message', on);
  });
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    while (!a.send(nameB, 'm', PAYLOAD)) {
      await new Promise<void>((resolve) => a.once('drain', () => resolve()));
    }
  }
  await done;
  const rate = MESSAGES / ((performance.now() - t0) / 1000);
  const downs = new Promise<void>((resolve) => b.once('nodedown', () => resolve()));
  await a.disconnect(nameB);
  await downs;
  return rate;
}

const a = transport('127.134.200.1');
const b = transport('127.134.200.2');
await a.start(toNodeName('a@127.134.200.1'));
await b.start(toNodeName('b@127.134.200.2'));
try {
  await roundOf(a, b, true); // warm-up, unmeasured
  await roundOf(a, b, false);
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const mac of order) (mac ? on : off).push(await roundOf(a, b, mac));
  }
  const medOn = median(on);
  const medOff = median(off);
  process.stdout.write(
    `${JSON.stringify({
      messages: MESSAGES,
      payloadBytes: JSON.stringify(PAYLOAD).length,
      rounds: ROUNDS,
      withMacPerSecond: Math.round(medOn),
      withoutMacPerSecond: Math.round(medOff),
      ratio: round(medOn / medOff, 3),
      roundsWithMac: on.map(Math.round),
      roundsWithoutMac: off.map(Math.round),
    })}\n`,
  );
} finally {
  await a.stop();
  await b.stop();
}
