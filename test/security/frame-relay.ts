import * as net from 'node:net';
import { encodeFrame, type FrameType } from '../../src/transport/tcp/frame.js';
import { FrameDecoder } from '../../src/transport/tcp/frame-decoder.js';

/** A frame as a relay between two nodes sees it (a copy of its body, MAC included). */
export interface RelayedFrame {
  readonly type: FrameType;
  readonly body: Buffer;
}

/** What reaches the acceptor for the dialer's n-th frame (0 is its hello). */
export type Tamper = (n: number, frame: RelayedFrame) => RelayedFrame[];

/** What a relay saw, per relayed connection, in the order the connections came. */
export interface FrameRelay {
  readonly server: net.Server;
  /** The relay's socket to the acceptor. */
  readonly toAcceptor: net.Socket[];
  readonly fromDialer: RelayedFrame[][];
  readonly fromAcceptor: RelayedFrame[][];
}

function frames(socket: net.Socket, seen: RelayedFrame[], onFrame: (f: RelayedFrame) => void) {
  const decoder = new FrameDecoder(1 << 20);
  socket.on('data', (chunk: Buffer) =>
    decoder.push(chunk, (type, body) => {
      const frame = { type, body: Buffer.from(body) };
      seen.push(frame);
      onFrame(frame);
      return true;
    }),
  );
}

/**
 * A process squatting a node's address (the node listens elsewhere): it relays each connection
 * to `target:port` frame by frame, passing the dialer's frames through `tamper` and the
 * acceptor's untouched, and keeps what it saw.
 */
export async function frameRelay(
  listen: string,
  target: string,
  port: number,
  tamper: Tamper,
): Promise<FrameRelay> {
  const toAcceptor: net.Socket[] = [];
  const fromDialer: RelayedFrame[][] = [];
  const fromAcceptor: RelayedFrame[][] = [];
  const server = net.createServer((inbound) => {
    const outbound = net.connect({ host: target, port });
    const dialerSaw: RelayedFrame[] = [];
    toAcceptor.push(outbound);
    fromDialer.push(dialerSaw);
    const acceptorSaw: RelayedFrame[] = [];
    fromAcceptor.push(acceptorSaw);
    frames(inbound, dialerSaw, (frame) => {
      for (const f of tamper(dialerSaw.length - 1, frame)) {
        outbound.write(encodeFrame(f.type, f.body));
      }
    });
    frames(outbound, acceptorSaw, (f) => inbound.write(encodeFrame(f.type, f.body)));
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, listen, resolve));
  return { server, toAcceptor, fromDialer, fromAcceptor };
}
