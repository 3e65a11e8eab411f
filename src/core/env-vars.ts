import { MissingVariableError } from './errors.js';

export type VariableLookup = (name: string) => string | undefined;

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` (and `${VAR:-fallback}`) in every string of a plain config value, as
 * distillery's REPLACE_OS_VARS does. Functions, class instances and non-strings pass through.
 * A variable that is unset and has no fallback is an error naming it and where it was used.
 * Names in `deferred` are left as they are: an identity provider fills them in at start.
 */
export function interpolate<T>(
  value: T,
  lookup: VariableLookup,
  path = '',
  deferred: ReadonlySet<string> = new Set(),
): T {
  if (typeof value === 'string') return interpolateString(value, lookup, path, deferred) as T;
  if (Array.isArray(value)) {
    return value.map((v, i) => interpolate(v, lookup, `${path}[${i}]`, deferred)) as T;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = interpolate(v, lookup, path === '' ? k : `${path}.${k}`, deferred);
    }
    return out as T;
  }
  return value;
}

function interpolateString(
  text: string,
  lookup: VariableLookup,
  path: string,
  deferred: ReadonlySet<string>,
): string {
  if (!text.includes('${')) return text;
  return text.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
    if (deferred.has(name)) return whole;
    const v = lookup(name);
    if (v !== undefined && v !== '') return v;
    if (fallback !== undefined) return fallback;
    throw new MissingVariableError(name, path);
  });
}

/** Names of the `${VAR}` placeholders still present in a string. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
