import { z } from 'zod';
import { parseWith, schemas } from '../../core/validation.js';
import { requirePeer } from '../store/peer-dependency.js';
import { heartbeatBelowTtl, type StoreTiming, timingFields } from '../store/store-config.js';

export interface PostgresConfig extends StoreTiming {
  /** libpq-style URL, `postgres://user:password@host:5432/db`; credentials are never logged. */
  readonly connectionString: string;
  /** The LISTEN/NOTIFY channel that makes joins and leaves fast. */
  readonly channel: string;
  /** The table of entries, `name` or `schema.name`; created if missing. */
  readonly table: string;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]{0,62}';

const schema = z
  .strictObject(
    {
      connectionString: schemas
        .nonEmptyString("a PostgreSQL URL such as 'postgres://user:pass@db:5432/app'")
        .regex(/^postgres(ql)?:\/\//, {
          error: "expected a PostgreSQL URL such as 'postgres://user:pass@db:5432/app'",
        }),
      channel: z
        .string({ error: 'expected a channel name (letters, digits, "_")' })
        .regex(new RegExp(`^${IDENT}$`), {
          error: 'expected a channel name (letters, digits, "_")',
        })
        .default('muster'),
      table: z
        .string({ error: "expected a table name ('name' or 'schema.name')" })
        .regex(new RegExp(`^${IDENT}(\\.${IDENT})?$`), {
          error: "expected a table name ('name' or 'schema.name')",
        })
        .default('muster_nodes'),
      ...timingFields,
    },
    { error: 'expected an object (the postgres config block)' },
  )
  .superRefine(heartbeatBelowTtl);

/** Validates a `postgres` config block; fails with a ConfigError, or if `pg` is missing. */
export function parsePostgresConfig(raw: unknown): PostgresConfig {
  const config = parseWith(schema, raw);
  requirePeer('pg', 'postgres');
  return config;
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type PostgresConfigInput = z.input<typeof schema>;
