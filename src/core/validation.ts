import { z } from 'zod';
import { ConfigError } from './errors.js';
import { toNodeName } from './node-name.js';

/**
 * Runs a zod schema and turns its first issue into a ConfigError whose path is prefixed with
 * `basePath`. Schemas carry their "expected ..." wording as the issue message, so the error
 * reads `Invalid config at topologies.web.config.pollingInterval: expected a positive integer`.
 */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown, basePath = ''): T {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const segments = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const path = joinPath(basePath, [...segments, key]);
    throw new ConfigError(path, 'no such key (check the spelling against docs/configuration.md)');
  }
  const path = joinPath(basePath, segments);
  const received = describe(valueAt(raw, segments));
  throw new ConfigError(path, issue.message.replace(/^expected /, ''), received);
}

/** `topologies.web.config.nodes[2]`: dots between keys, brackets around indexes. */
function joinPath(base: string, segments: (string | number)[]): string {
  let out = base;
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (s !== '') out = out === '' ? s : `${out}.${s}`;
  }
  return out;
}

function valueAt(root: unknown, segments: (string | number)[]): unknown {
  let v = root;
  for (const s of segments) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

/** A short, safe rendering of what the user gave (never a whole object, never a cookie). */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 60 ? 'a long string' : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

/** The longest delay Node's timers take (2^31 - 1 ms); longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Schema pieces shared by the core and the built-in strategies. */
export const schemas = {
  positiveInt: (what = 'a positive integer') =>
    z
      .number({ error: `expected ${what}` })
      .int({ error: `expected ${what}` })
      .positive({ error: `expected ${what}` }),
  nonNegativeInt: (what = 'an integer >= 0') =>
    z
      .number({ error: `expected ${what}` })
      .int({ error: `expected ${what}` })
      .min(0, { error: `expected ${what}` }),
  /** Up to MAX_TIMER_MS: Node fires a longer setTimeout after 1 ms (with a warning). */
  milliseconds: () =>
    schemas.positiveInt('a positive integer number of milliseconds').max(MAX_TIMER_MS, {
      error: `expected at most ${MAX_TIMER_MS} milliseconds (about 24.8 days)`,
    }),
  port: () =>
    z
      .number({ error: 'expected a port number (0-65535)' })
      .int({ error: 'expected a port number (0-65535)' })
      .min(0, { error: 'expected a port number (0-65535)' })
      .max(65535, { error: 'expected a port number (0-65535)' }),
  nonEmptyString: (what = 'a non-empty string') =>
    z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` }),
  boolean: () => z.boolean({ error: 'expected true or false' }),
  /** A `basename@host` string, canonicalised. */
  nodeName: () =>
    z.string({ error: "expected a node name 'basename@host'" }).transform((s, ctx) => {
      try {
        return toNodeName(s);
      } catch (err) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a node name 'basename@host' (${(err as Error).message})`,
        });
        return z.NEVER;
      }
    }),
};
