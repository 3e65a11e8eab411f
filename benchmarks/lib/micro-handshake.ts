/**
 * Handshake cost: one muster connect (TCP connect + cookie handshake, both ends in this
 * process) against one raw connect + 16-byte round trip, sequential, alternated in batches.
 */
import * as net from 'node:net';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { type NodeName, toNodeName } from '../../src/index.js';
import { TcpTransport } from '../../src/transport/tcp/index.js';
import { tcpTransportSchema } from '../../src/transport/tcp/tcp-options.js';
import { SERVICE_HOSTS } from './addresses.js';
import { median, round } from './measure.js';
import { COOKIE } from './peer-hosts.js';

const PORT = 4572;
const RAW_PORT = 4573;

function transport(host: string): TcpTransport {
  const options = tcpTransportSchema.parse({ kind: 'tcp', port: PORT, host });
  return new TcpTransport(options, { logger: silentLogger(), clock: systemClock, cookie: COOKIE });
}

function once(t: TcpTransport, event: 'nodedown', node: NodeName): Promise<void> {
  return new Promise((resolve) => {
    const on = (n: NodeName) => {
      if (n !== node) return;
      t.off(event, on);
      resolve();
    };
    t.on(event, on);
  });
}

function rawOnce(host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port: RAW_PORT, noDelay: true });
    s.once('connect', () => s.write(Buffer.alloc(16, 7)));
    let got = 0;
    s.on('data', (c) => {
      got += c.length;
      if (got >= 16) s.destroy();
    });
    s.once('close', () => resolve());
    s.once('error', reject);
  });
}

/** Per-operation wall and CPU ms of `batch` sequential operations. */
async function batchOf(batch: number, op: () => Promise<void>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < batch; i++) await op();
  const cpu = process.cpuUsage(cpu0);
  return { ms: (performance.now() - t0) / batch, cpuMs: (cpu.user + cpu.system) / 1000 / batch };
}

export async function handshakeCost(batches: number, batch: number) {
  const a = transport(SERVICE_HOSTS.microA);
  const b = transport(SERVICE_HOSTS.microB);
  const nameA = toNodeName(`a@${SERVICE_HOSTS.microA}`);
  const nameB = toNodeName(`b@${SERVICE_HOSTS.microB}`);
  await a.start(nameA);
  await b.start(nameB);
  const echo = net.createServer((s) => {
    s.on('data', (c) => s.write(c));
    s.on('error', () => {});
  });
  await new Promise<void>((r) => echo.listen(RAW_PORT, SERVICE_HOSTS.microB, r));
  const musterOp = async () => {
    await a.dial(nameB, { signal: new AbortController().signal });
    const downs = Promise.all([once(a, 'nodedown', nameB), once(b, 'nodedown', nameA)]);
    await a.disconnect(nameB);
    await downs;
  };
  const rawOp = () => rawOnce(SERVICE_HOSTS.microB);
  try {
    await batchOf(batch, musterOp);
    await batchOf(batch, rawOp);
    const m: { ms: number; cpuMs: number }[] = [];
    const r: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < batches; i++) {
      m.push(await batchOf(batch, musterOp));
      r.push(await batchOf(batch, rawOp));
    }
    const mMs = median(m.map((x) => x.ms));
    const rMs = median(r.map((x) => x.ms));
    return {
      operations: batches * batch,
      note: 'muster: connect + handshake + disconnect until both ends saw nodedown; raw: connect + 16-byte echo + close',
      musterMsPerConnect: round(mMs),
      musterCpuMsPerConnect: round(median(m.map((x) => x.cpuMs))),
      rawMsPerConnect: round(rMs),
      rawCpuMsPerConnect: round(median(r.map((x) => x.cpuMs))),
      ratioRawToMuster: round(rMs / mMs, 3),
    };
  } finally {
    await a.stop();
    await b.stop();
    await new Promise<void>((r) => echo.close(() => r()));
  }
}
