/**
 * A child process hosting TcpTransports, driven over IPC (fork with `--import tsx`).
 * Parent -> child: { op: 'start', id, names, port, cookie, tickTime? } | { op: 'connect', id, from, to }
 *   | { op: 'connectAll', id, names } (every hosted node dials every name, all at once)
 *   | { op: 'send', id, from, to, topic, payload } | { op: 'state', id } | { op: 'stop', id }
 * Child -> parent: { op: 'reply', id, result } and events { op: 'nodeup' | 'nodedown', self, node, reason }.
 */
import { systemClock } from '../../src/core/clock.js';
import { ConnectSlots } from '../../src/core/connect-slots.js';
import { silentLogger } from '../../src/core/logger.js';
import { type NodeName, toNodeName } from '../../src/core/node-name.js';
import { tcpTransportSchema } from '../../src/transport/tcp/tcp-options.js';
import { TcpTransport } from '../../src/transport/tcp/tcp-transport.js';
import { Connector } from './connector.js';

export type PeerCommand =
  | { op: 'start'; id: number; names: string[]; port: number; cookie: string; tickTime?: number }
  | { op: 'connect'; id: number; from: string; to: string }
  | { op: 'connectAll'; id: number; names: string[] }
  | { op: 'state'; id: number }
  | { op: 'stop'; id: number };

export type PeerEvent =
  | { op: 'reply'; id: number; result: unknown }
  | { op: 'nodeup'; self: string; node: string }
  | { op: 'nodedown'; self: string; node: string; reason: string };

export interface PeerState {
  readonly nodes: Record<string, string[]>;
  readonly sockets: Record<string, number>;
  readonly accepted: Record<string, number>;
}

const transports = new Map<NodeName, TcpTransport>();
const connectors = new Map<NodeName, Connector>();
/** Many nodes in one process share one bound on their connects, as a benchmark host does. */
const slots = new ConnectSlots(512);
const send = (event: PeerEvent) => process.send?.(event);

async function handle(cmd: PeerCommand): Promise<unknown> {
  switch (cmd.op) {
    case 'start': {
      const options = tcpTransportSchema.parse({
        kind: 'tcp',
        port: cmd.port,
        ...(cmd.tickTime ? { tickTime: cmd.tickTime } : {}),
      });
      await Promise.all(
        cmd.names.map(async (raw) => {
          const self = toNodeName(raw);
          const t = new TcpTransport(options, {
            logger: silentLogger(),
            clock: systemClock,
            cookie: cmd.cookie,
          });
          t.on('nodeup', (node) => send({ op: 'nodeup', self, node }));
          t.on('nodedown', (node, reason) => send({ op: 'nodedown', self, node, reason }));
          await t.start(self);
          transports.set(self, t);
          connectors.set(self, new Connector(t, { slots }));
        }),
      );
      return true;
    }
    case 'connect':
      return connectors.get(toNodeName(cmd.from))!.connect(toNodeName(cmd.to));
    case 'connectAll': {
      const results = await Promise.all(
        [...connectors].flatMap(([self, c]) =>
          cmd.names.filter((n) => n !== self).map((n) => c.connect(toNodeName(n))),
        ),
      );
      return results.every(Boolean);
    }
    case 'state': {
      const state: PeerState = { nodes: {}, sockets: {}, accepted: {} };
      for (const [self, t] of transports) {
        state.nodes[self] = t.nodes().sort();
        state.sockets[self] = t.stats().sockets;
        state.accepted[self] = t.stats().accepted;
      }
      return state;
    }
    case 'stop':
      await Promise.all([...transports.values()].map((t) => t.stop()));
      return true;
  }
}

process.on('message', (cmd: PeerCommand) => {
  handle(cmd).then(
    (result) => send({ op: 'reply', id: cmd.id, result }),
    (err: unknown) => send({ op: 'reply', id: cmd.id, result: { error: String(err) } }),
  );
});
process.on('disconnect', () => process.exit(0));
