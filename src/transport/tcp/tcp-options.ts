import { z } from 'zod';
import { defaults } from '../../core/defaults.js';
import { schemas } from '../../core/validation.js';

const tlsSchema = z.strictObject({
  /** PEM private key of this node. */
  key: z.union([z.string(), z.instanceof(Buffer)], { error: 'expected a PEM string or Buffer' }),
  /** PEM certificate of this node. */
  cert: z.union([z.string(), z.instanceof(Buffer)], { error: 'expected a PEM string or Buffer' }),
  /** CA that signed every node's certificate; peers must present a certificate it signed. */
  ca: z.union(
    [z.string(), z.instanceof(Buffer), z.array(z.union([z.string(), z.instanceof(Buffer)]))],
    {
      error: 'expected a PEM string, Buffer or an array of them',
    },
  ),
});

const epmdSchema = z.union(
  [
    schemas.boolean(),
    z.strictObject({
      /** Port of the host's EPMD; default `ERL_EPMD_PORT` or 4369. */
      port: schemas.port().optional(),
      /**
       * What to start when no EPMD listens (docs/strategies/epmd.md): 'daemon' (default: the
       * system's epmd, else muster's, detached so it outlives the node), 'embedded-daemon',
       * 'in-process' (stops with the node) or 'never'.
       */
      start: z
        .enum(['daemon', 'embedded-daemon', 'in-process', 'never'], {
          error: "expected 'daemon', 'embedded-daemon', 'in-process' or 'never'",
        })
        .optional(),
    }),
  ],
  {
    error:
      "expected true, false or { port?, start? } (start: 'daemon', 'embedded-daemon', 'in-process' or 'never')",
  },
);

export const tcpTransportSchema = z.strictObject({
  kind: z.literal('tcp'),
  /** Port to listen on and to dial on peers; 0 listens on any free port (then use `epmd`). */
  port: schemas.port().default(defaults.tcpPort),
  /** Address to listen on; defaults to the host of this node's name when it is an IP. */
  host: schemas.nonEmptyString('an IP address or host name').optional(),
  /** A peer silent for this long is down; an idle connection ticks at least every half of it. */
  tickTime: schemas.milliseconds().default(defaults.tickTimeMs),
  /** A socket that has not finished the handshake (TLS included) this long after accept is cut. */
  handshakeTimeout: schemas.milliseconds().default(defaults.handshakeTimeoutMs),
  /** Largest frame (type byte + body, and the MAC on plaintext) read or sent; larger closes. */
  maxFrameSize: schemas.positiveInt('a positive number of bytes').default(defaults.maxFrameSize),
  /** Accepted sockets still in the handshake at once; more are closed on accept. */
  maxHandshakes: schemas
    .positiveInt('a positive number of sockets')
    .default(defaults.maxHandshakes),
  /** The same, per remote IP address. */
  maxHandshakesPerAddress: schemas
    .positiveInt('a positive number of sockets')
    .default(defaults.maxHandshakesPerAddress),
  /**
   * Bytes that may wait in this process for one peer; `send` returns false (not queued) past it,
   * and a peer that stays full for a whole `tickTime` is disconnected (`send_stalled`).
   */
  maxSendBuffer: schemas.positiveInt('a positive number of bytes').default(defaults.maxSendBuffer),
  /** Deepest JSON nesting (arrays and objects) of a received message; deeper closes it. */
  maxMessageDepth: schemas
    .positiveInt('a positive number of levels')
    .default(defaults.maxMessageDepth),
  /** Register with the host's EPMD and ask peers' EPMD for their port. */
  epmd: epmdSchema.default(false),
  tls: tlsSchema.optional(),
});

export type TcpTransportOptions = z.output<typeof tcpTransportSchema>;
export type TcpTransportInput = z.input<typeof tcpTransportSchema>;
