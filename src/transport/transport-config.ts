import { z } from 'zod';
import type { CallbackTransportOptions } from './callback-transport.js';
import type { TcpTransportInput, TcpTransportOptions } from './tcp/tcp-options.js';

const fn = (what: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', {
    error: `expected a function ${what}`,
  });

export const callbackSchema = z.strictObject({
  kind: z.literal('callback'),
  connect: fn('(node) => boolean | Promise<boolean>'),
  disconnect: fn('(node) => unknown'),
  list: fn('() => string[]').optional(),
  start: fn('(self, { admit }) => unknown').optional(),
});

export const noneSchema = z.strictObject({ kind: z.literal('none') });

export type TransportConfig = TcpTransportOptions | CallbackTransportOptions | { kind: 'none' };

/** A built-in transport's plain config as users write it (defaults not filled in yet). */
export type TransportInput =
  | TcpTransportInput
  | Exclude<TransportConfig, TcpTransportOptions>
  | { kind: string; [option: string]: unknown };
