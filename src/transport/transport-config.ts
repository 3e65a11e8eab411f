import { z } from 'zod';
import type { NodeName } from '../core/node-name.js';
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
});

export const noneSchema = z.strictObject({ kind: z.literal('none') });

export type TransportConfig =
  | TcpTransportOptions
  | {
      kind: 'callback';
      connect(node: NodeName): boolean | Promise<boolean>;
      disconnect(node: NodeName): unknown;
      list?(): readonly string[];
    }
  | { kind: 'none' };

/** A built-in transport's plain config as users write it (defaults not filled in yet). */
export type TransportInput =
  | TcpTransportInput
  | Exclude<TransportConfig, TcpTransportOptions>
  | { kind: string; [option: string]: unknown };
