import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import { requirePeer } from '../store/peer-dependency.js';
import { prefixSchema, storeDefaults } from '../store/store-config.js';

export interface EtcdConfig {
  /** Client URLs, `http(s)://[user:password@]host:2379`; credentials are never logged. */
  readonly endpoints: readonly string[];
  /** Every key starts with this; a node's key is `<prefix><node name>`. */
  readonly prefix: string;
  /**
   * Lease TTL in milliseconds, rounded up to whole seconds (etcd's unit). etcd grants at
   * least its own minimum (about 2 s with default election settings) whatever is asked.
   * The lease is kept alive every ttl/3 by etcd3; there is no separate heartbeat setting.
   */
  readonly ttl: number;
}

const ENDPOINT = "expected an etcd client URL such as 'http://etcd:2379'";

const endpointSchema = z.string({ error: ENDPOINT }).refine(
  (s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: ENDPOINT },
);

const schema = z.strictObject(
  {
    endpoints: z
      .array(endpointSchema, { error: 'expected an array of etcd client URLs' })
      .min(1, { error: 'expected at least one etcd client URL' })
      .max(64, { error: 'expected at most 64 etcd client URLs' }),
    prefix: prefixSchema('/muster/').default('/muster/'),
    ttl: z
      .number({ error: 'expected a ttl of at least 1000 milliseconds' })
      .int({ error: 'expected a ttl of at least 1000 milliseconds' })
      .min(1000, {
        error: 'expected a ttl of at least 1000 milliseconds (etcd leases count seconds)',
      })
      .default(storeDefaults.ttlMs),
  },
  { error: 'expected an object (the etcd config block)' },
);

/** Validates an `etcd` config block; fails with a ConfigError, or if `etcd3` is missing. */
export function parseEtcdConfig(raw: unknown): EtcdConfig {
  const config = parseWith(schema, raw);
  requirePeer('etcd3', 'etcd');
  return config;
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type EtcdConfigInput = z.input<typeof schema>;
