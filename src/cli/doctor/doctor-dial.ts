import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { systemClock } from '../../core/clock.js';
import type { ResolvedConfig } from '../../core/config.js';
import { ConnectError } from '../../core/errors.js';
import { hostOf, type NodeName, toNodeName } from '../../core/node-name.js';
import type { TcpTransportOptions } from '../../transport/tcp/tcp-options.js';
import { TcpTransport } from '../../transport/tcp/tcp-transport.js';
import { DoctorCode, type Finding, finding } from './doctor-findings.js';

/** The `tcp` transport block of `config`, or undefined for another kind, an instance or a factory. */
export function tcpOptionsOf(config: ResolvedConfig): TcpTransportOptions | undefined {
  const t = config.transport;
  return typeof t === 'object' && 'kind' in t && t.kind === 'tcp'
    ? (t as unknown as TcpTransportOptions)
    : undefined;
}

/**
 * Opens (and at once closes) a plain TCP connection to `host:port`: tells "nothing listens"
 * (refused) from "no answer" (timeout, unreachable) from "no such host", before any handshake.
 */
export function tcpProbe(
  host: string,
  port: number,
  timeoutMs: number,
): Promise<Finding | undefined> {
  return new Promise((resolve) => {
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const socket = connect({ host, port });
    const done = (result: Finding | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => done(finding(DoctorCode.unreachable, `no answer from ${where} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const text = `${where}: ${err.code ?? err.message}`;
      if (err.code === 'ECONNREFUSED')
        done(finding(DoctorCode.portClosed, `connection refused by ${where}`));
      else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
        done(finding(DoctorCode.address, `${host} does not resolve (${err.code})`));
      else done(finding(DoctorCode.unreachable, text));
    });
  });
}

interface HandshakeLog {
  readonly peer?: string;
  readonly detail?: string;
  readonly msg?: string;
}

/**
 * A real TCP transport with this node's cookie, TLS and timeouts, named `muster-doctor@<listen>`
 * and listening on `listen` (the node itself may hold its own address and port), that dials each
 * peer once and says why a handshake failed: the transport's failure counters name the kind
 * (a refusal code, a failed cookie check, a socket closed mid-handshake) and its log line the
 * detail.
 */
export class HandshakeProber {
  private constructor(
    private readonly transport: TcpTransport,
    private readonly logs: HandshakeLog[],
  ) {}

  static async start(config: ResolvedConfig, listen: string): Promise<HandshakeProber> {
    const logs: HandshakeLog[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) {
          if (line !== '') logs.push(JSON.parse(line) as HandshakeLog);
        }
        done();
      },
    });
    const options = { ...tcpOptionsOf(config)!, host: listen };
    const transport = new TcpTransport(options, {
      logger: pino({ level: 'warn' }, sink),
      clock: systemClock,
      cookie: config.cookie,
    });
    await transport.start(toNodeName(`muster-doctor@${listen}`));
    return new HandshakeProber(transport, logs);
  }

  /** Dials `node`, completes the handshake (then leaves) or says why it failed. */
  async check(node: NodeName, timeoutMs: number): Promise<Finding | undefined> {
    const before = { ...this.transport.stats().handshakeFailures };
    const seen = this.logs.length;
    const deadline = AbortSignal.timeout(timeoutMs);
    let outcome: true | false | 'timeout';
    try {
      await this.transport.dial(node, { signal: deadline });
      outcome = true;
    } catch (err) {
      // A peer that admits only the nodes its topologies want (admit: 'wanted') refuses the
      // probe as 'not_allowed' -- after checking our cookie proof and the name we dialed, so
      // the refusal itself proves what the doctor checks: reachable, same cookie, right name.
      if (err instanceof ConnectError && err.refusal === 'not_allowed') return undefined;
      outcome = deadline.aborted ? 'timeout' : false;
    }
    if (outcome === true) {
      await this.transport.disconnect(node);
      return undefined;
    }
    const after = this.transport.stats().handshakeFailures;
    const kinds = Object.keys(after).filter((k) => (after[k] ?? 0) > (before[k] ?? 0));
    const log = this.logs.slice(seen).find((l) => l.peer === node || l.detail !== undefined);
    const detail =
      log?.detail ??
      (outcome === 'timeout' ? `no handshake within ${timeoutMs} ms` : kinds.join(', '));
    return classify(kinds, detail || 'the handshake failed', hostOf(node), outcome === 'timeout');
  }

  async stop(): Promise<void> {
    await this.transport.stop();
  }
}

function classify(
  kinds: readonly string[],
  detail: string,
  host: string,
  timedOut: boolean,
): Finding {
  const has = (k: string) => kinds.some((x) => x.endsWith(`:${k}`));
  if (has('refused_2')) return finding(DoctorCode.nameMismatch, detail);
  if (has('refused_5') || /cookie/i.test(detail)) return finding(DoctorCode.cookie, detail);
  if (has('closed') || has('protocol_error') || /tls|ssl|certificate/i.test(detail)) {
    return finding(
      DoctorCode.tls,
      `the connection to ${host} broke off during the handshake (${detail})`,
    );
  }
  // The acceptor speaks first; one that accepts and then says nothing is waiting for a TLS
  // ClientHello we did not send (or is not a muster node).
  if (timedOut || has('handshake_timeout')) {
    return finding(
      DoctorCode.tls,
      `${host} accepted the connection but never started the handshake (${detail})`,
    );
  }
  return finding(DoctorCode.handshake, detail);
}
