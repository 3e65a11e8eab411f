import { z } from 'zod';
import type { NodeName } from '../core/node-name.js';
import { type TcpTransportOptions, tcpTransportSchema } from './tcp/tcp-options.js';

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', {
    error: `expected a function ${what}`,
  });

const callbackSchema = z.strictObject({
  kind: z.literal('callback'),
  connect: fn('(node) => boolean | Promise<boolean>'),
  disconnect: fn('(node) => unknown'),
  list: fn('() => string[]').optional(),
});

const noneSchema = z.strictObject({ kind: z.literal('none') });

export const transportSchema = z.discriminatedUnion(
  'kind',
  [tcpTransportSchema, callbackSchema, noneSchema],
  {
    error: "expected a transport object whose kind is 'tcp', 'callback' or 'none'",
  },
);

export type TransportConfig =
  | TcpTransportOptions
  | {
      kind: 'callback';
      connect(node: NodeName): boolean | Promise<boolean>;
      disconnect(node: NodeName): unknown;
      list?(): readonly string[];
    }
  | { kind: 'none' };
