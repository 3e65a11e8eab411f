import type { Socket } from 'node:net';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { type NodeName, toNodeName } from '../../src/core/node-name.js';
import { FrameType } from '../../src/transport/tcp/frame.js';
import { FrameDecoder } from '../../src/transport/tcp/frame-decoder.js';
import { encodeHello, RefuseCode } from '../../src/transport/tcp/handshake-codec.js';
import { tcpTransportSchema } from '../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../src/transport/tcp/tcp-transport.js';
import { startNode, TEST_COOKIE, TEST_PORT, type TestNode } from '../helpers/tcp-nodes.js';
import { handshakeAs, rawSocket } from '../helpers/tcp-raw-peer.js';

// This file owns 127.70.2.0/24. A real TcpTransport (a) is fuzzed by raw sockets while it
// holds an authenticated connection to b, which must never notice.
const A = toNodeName('a@127.70.2.1');
const HANDSHAKE_TIMEOUT = 80;
const logs: { msg: string; remote?: string; reason?: string }[] = [];
const errors: unknown[] = [];
let a: TcpTransport;
let b: TestNode;
const aDowns: string[] = [];

beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  a = new TcpTransport(
    tcpTransportSchema.parse({
      kind: 'tcp',
      port: TEST_PORT,
      handshakeTimeout: HANDSHAKE_TIMEOUT,
      maxFrameSize: 64 * 1024,
    }),
    { logger, clock: systemClock, cookie: TEST_COOKIE },
  );
  a.on('nodedown', (n, reason) => aDowns.push(`${n}:${reason}`));
  a.on('error', (e) => errors.push(e));
  await a.start(A);
  b = await startNode('b@127.70.2.2');
  await b.connect(A);
});

afterAll(async () => {
  await Promise.all([a.stop(), b.transport.stop()]);
});

/** Why `a` closed one raw socket: a refusal it sent, or the reason it logged for that peer. */
interface Outcome {
  refused: number | undefined;
  logged: string[];
}

const KNOWN_LOGS = new Set([
  'closing a tcp connection that broke the protocol',
  'tcp handshake refused',
  'tcp handshake timed out',
  // Random bytes that start like a TLS record (0x16): named as a TLS mismatch.
  'tls on one side only',
]);

/** Writes `chunks` to a fresh socket and resolves once `a` has closed it. */
async function probe(chunks: readonly Uint8Array[]): Promise<Outcome> {
  const firstLog = logs.length;
  const socket: Socket = await rawSocket('127.70.2.1', TEST_PORT);
  const remote = `${socket.localAddress}:${socket.localPort}`;
  const outcome: Outcome = { refused: undefined, logged: [] };
  const decoder = new FrameDecoder(1 << 20);
  socket.on('data', (chunk: Buffer) => {
    try {
      decoder.push(chunk, (type, body) => {
        if (type === FrameType.refuse) outcome.refused = body[0];
        return true;
      });
    } catch {
      outcome.refused = -1; // a's bytes are not frames: a bug, caught by the assertion below
    }
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  for (const c of chunks) socket.write(c);
  await closed;
  // Only this probe's records: a later socket may reuse an earlier one's local port.
  outcome.logged = logs
    .slice(firstLog)
    .filter((l) => l.remote === remote)
    .map((l) => l.msg);
  return outcome;
}

function expectTypedClose(o: Outcome): void {
  const refusals = Object.values(RefuseCode) as number[];
  // A refusal frame with a known code, or a logged reason we know (or both); never silence.
  if (o.refused !== undefined) expect(refusals).toContain(o.refused);
  else expect(o.logged.length).toBeGreaterThanOrEqual(1);
  for (const m of o.logged) expect(KNOWN_LOGS).toContain(m);
}

function expectUnharmed(): void {
  expect(a.nodes()).toEqual([b.name]);
  expect(b.transport.nodes()).toEqual([A]);
  expect(aDowns).toEqual([]);
  expect(b.downs).toEqual([]);
  expect(errors).toEqual([]);
}

const chunked = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    if (p > from) out.push(bytes.subarray(from, p));
    from = Math.max(from, p);
  }
  if (from < bytes.length) out.push(bytes.subarray(from));
  return out;
};

const nameArb: fc.Arbitrary<NodeName | string> = fc.oneof(
  fc.constantFrom(A, 'b@127.70.2.2', 'x@127.70.2.9', 'a@127.70.2.1.', 'A@127.70.2.1'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

const helloArb = fc
  .record({
    challenge: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    from: nameArb,
    to: nameArb,
    version: fc.constantFrom(0, 1, 2, 255),
  })
  .map(({ challenge, from, to, version }) => {
    const frame = encodeHello(
      Buffer.from(challenge),
      Buffer.from(challenge),
      from as NodeName,
      to as NodeName,
    );
    frame[5] = version;
    return frame;
  });

/** A valid hello to `a`, then one mutation: a byte changed, cut, extended, or a new length. */
const mutatedArb = fc
  .record({
    challenge: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    op: fc.constantFrom('flip', 'truncate', 'append', 'length'),
    at: fc.nat(),
    value: fc.nat({ max: 255 }),
    length: fc.oneof(fc.nat({ max: 2048 }), fc.constant(0xffffffff)),
    tail: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ challenge, op, at, value, length, tail }) => {
    const hello = encodeHello(
      Buffer.from(challenge),
      Buffer.from(challenge),
      toNodeName('x@127.70.2.9'),
      A,
    );
    const i = at % hello.length;
    switch (op) {
      case 'flip':
        hello[i] = value;
        return hello;
      case 'truncate':
        return hello.subarray(0, i);
      case 'append':
        return Buffer.concat([hello, tail]);
      default:
        hello.writeUInt32BE(length, 0);
        return hello;
    }
  });

const cutsArb = fc.array(fc.nat(), { maxLength: 3 });

describe('handshake fuzzing against a live TcpTransport', () => {
  it('random bytes: the socket is closed with a typed reason; b never notices', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 700 }),
        cutsArb,
        async (bytes, cuts) => {
          expectTypedClose(await probe(chunked(bytes, cuts)));
          expectUnharmed();
        },
      ),
      { numRuns: 120 },
    );
  });

  it('hellos with arbitrary names, versions and proofs: refused, cut, or timed out', async () => {
    await fc.assert(
      fc.asyncProperty(helloArb, cutsArb, async (hello, cuts) => {
        expectTypedClose(await probe(chunked(hello, cuts)));
        expectUnharmed();
      }),
      { numRuns: 120 },
    );
  });

  it('mutated valid hellos, cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedArb, cutsArb, async (hello, cuts) => {
        expectTypedClose(await probe(chunked(hello, cuts)));
        expectUnharmed();
      }),
      { numRuns: 120 },
    );
  });

  it('oversized length prefixes are refused from the header alone: memory stays flat', async () => {
    const before = process.memoryUsage().arrayBuffers;
    const heads = [1025, 64 * 1024 + 1, 1 << 30, 0xffffffff];
    for (let i = 0; i < 200; i++) {
      const header = Buffer.alloc(5);
      header.writeUInt32BE(heads[i % heads.length]!, 0);
      header[4] = FrameType.hello;
      const o = await probe([header]);
      expect(o.logged).toEqual(['closing a tcp connection that broke the protocol']);
      expect(logs.findLast((l) => l.msg === o.logged[0])?.reason).toBe('frame_too_large');
    }
    // After authentication the limit is maxFrameSize (64 KiB here), enforced the same way.
    const mallory = toNodeName('mallory@127.70.2.3');
    for (let i = 0; i < 20; i++) {
      const s = await handshakeAs(mallory, A, TEST_PORT, TEST_COOKIE);
      const down = new Promise<string>((resolve) => a.once('nodedown', (_n, r) => resolve(r)));
      const header = Buffer.alloc(5);
      header.writeUInt32BE(0xffffffff, 0);
      header[4] = FrameType.message;
      s.write(header);
      expect(await down).toBe('frame_too_large');
      s.destroy();
      aDowns.length = 0; // mallory's own downs are expected; b's link is what must hold
    }
    // Nothing near the declared sizes (up to 4 GiB each) was ever allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
    expectUnharmed();
    expect(a.stats().sockets).toBe(1);
  });
});
