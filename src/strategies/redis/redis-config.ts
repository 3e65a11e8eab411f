import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import { requirePeer } from '../store/peer-dependency.js';
import {
  heartbeatBelowTtl,
  prefixSchema,
  type StoreTiming,
  timingFields,
} from '../store/store-config.js';

export interface RedisConfig extends StoreTiming {
  /** `redis://[user:password@]host:6379[/db]` or `rediss://` for TLS; never logged as is. */
  readonly url: string;
  /** Every key and the channel start with this. */
  readonly prefix: string;
}

const URL_ERROR = "expected a Redis URL such as 'redis://:password@cache:6379/0'";

const schema = z
  .strictObject(
    {
      url: z.string({ error: URL_ERROR }).regex(/^rediss?:\/\/[^\s]+$/, { error: URL_ERROR }),
      prefix: prefixSchema('muster:').default('muster:'),
      ...timingFields,
    },
    { error: 'expected an object (the redis config block)' },
  )
  .superRefine(heartbeatBelowTtl);

/** Validates a `redis` config block; fails with a ConfigError, or if `redis` is missing. */
export function parseRedisConfig(raw: unknown): RedisConfig {
  const config = parseWith(schema, raw);
  requirePeer('redis', 'redis');
  return config;
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type RedisConfigInput = z.input<typeof schema>;
