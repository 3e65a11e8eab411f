import { z } from 'zod';
import { schemas } from '../../core/validation.js';

/** Defaults shared by the store strategies (issue 19), each with the reason for its value. */
export const storeDefaults = {
  /** libcluster's polling interval: a refresh every 5 s is cheap for any store. */
  heartbeatIntervalMs: 5_000,
  /** Three missed heartbeats before an entry expires: one slow round trip never evicts. */
  ttlMs: 15_000,
  /** First reconnect delay after the store is lost; doubles up to the cap, with jitter. */
  reconnectInitialDelayMs: 250,
  reconnectMaxDelayMs: 10_000,
} as const;

/** The expiry fields of a store strategy's config, both in milliseconds. */
export interface StoreTiming {
  /** How often the node refreshes its own entry and re-reads everyone's. */
  readonly heartbeatInterval: number;
  /** How long an entry lives after its last refresh, by the store's clock. */
  readonly ttl: number;
}

export const timingFields = {
  heartbeatInterval: schemas.milliseconds().default(storeDefaults.heartbeatIntervalMs),
  ttl: schemas.milliseconds().default(storeDefaults.ttlMs),
};

/**
 * The config-time check every heartbeat strategy shares: an entry refreshed less often than
 * it expires would flap in and out of everyone's set.
 */
export function heartbeatBelowTtl(value: StoreTiming, ctx: z.RefinementCtx): void {
  if (value.heartbeatInterval >= value.ttl) {
    ctx.addIssue({
      code: 'custom',
      path: ['heartbeatInterval'],
      message: `expected a heartbeatInterval below ttl (${value.ttl} ms), so the entry is refreshed before it expires`,
    });
  }
}

/** A key prefix: printable, no spaces, at most 200 characters. */
export const prefixSchema = (example: string) =>
  z.string({ error: `expected a key prefix such as '${example}'` }).regex(/^[\x21-\x7e]{1,200}$/, {
    error: `expected a key prefix such as '${example}' (printable, no spaces)`,
  });
