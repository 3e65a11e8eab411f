import { readFile } from 'node:fs/promises';
import type { NameserverAddress } from './nameserver-address.js';
import { parseNameserver } from './nameserver-address.js';

/** What /etc/resolv.conf says, with glibc's defaults for what it does not. */
export interface ResolvConf {
  readonly nameservers: readonly NameserverAddress[];
  readonly search: readonly string[];
  readonly ndots: number;
  /** Per-try timeout in milliseconds (resolv.conf writes seconds). */
  readonly timeout: number;
  readonly attempts: number;
  readonly rotate: boolean;
}

/**
 * glibc's limits and defaults (resolv.h): MAXNS, RES_TIMEOUT, RES_DFLRETRY... The search list
 * was cut at 6 domains (MAXDNSRCH) until glibc 2.26, which lifted the limit; Kubernetes writes
 * up to 32 (its ExpandedDNSConfig limit), so 32 are kept: a bound, not glibc < 2.26's cut.
 */
export const RESOLV_DEFAULTS = {
  maxNameservers: 3,
  maxSearch: 32,
  ndots: 1,
  maxNdots: 15,
  timeoutSeconds: 5,
  maxTimeoutSeconds: 30,
  attempts: 2,
  maxAttempts: 5,
} as const;

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function intOption(value: string, lo: number, hi: number): number | undefined {
  if (!/^[0-9]+$/.test(value)) return undefined;
  return clamp(Number(value), lo, hi);
}

/**
 * Parses resolv.conf text the way glibc 2.26+ does: `#` and `;` start comments, the last
 * `search` or `domain` line wins (up to 32 domains), at most three nameservers are kept, bad lines are skipped, and
 * `RES_OPTIONS`-style `options` tokens set ndots, timeout, attempts and rotate.
 * An empty nameserver list stays empty here; the resolver decides the fallback.
 */
export function parseResolvConf(text: string): ResolvConf {
  const nameservers: NameserverAddress[] = [];
  let search: string[] = [];
  let ndots: number = RESOLV_DEFAULTS.ndots;
  let timeoutSeconds: number = RESOLV_DEFAULTS.timeoutSeconds;
  let attempts: number = RESOLV_DEFAULTS.attempts;
  let rotate = false;

  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (line === '') continue;
    const [keyword, ...args] = line.split(/\s+/);
    switch (keyword) {
      case 'nameserver': {
        if (nameservers.length >= RESOLV_DEFAULTS.maxNameservers || args[0] === undefined) break;
        try {
          // resolv.conf carries a bare address; glibc ignores what it cannot parse.
          nameservers.push(parseNameserver(args[0]));
        } catch {}
        break;
      }
      case 'domain':
        search = args[0] === undefined ? [] : [args[0]];
        break;
      case 'search':
        search = args.slice(0, RESOLV_DEFAULTS.maxSearch);
        break;
      case 'options':
        for (const opt of args) {
          const [name, value = ''] = opt.split(':', 2) as [string, string?];
          if (name === 'ndots') ndots = intOption(value, 0, RESOLV_DEFAULTS.maxNdots) ?? ndots;
          else if (name === 'timeout')
            timeoutSeconds =
              intOption(value, 1, RESOLV_DEFAULTS.maxTimeoutSeconds) ?? timeoutSeconds;
          else if (name === 'attempts')
            attempts = intOption(value, 1, RESOLV_DEFAULTS.maxAttempts) ?? attempts;
          else if (name === 'rotate') rotate = true;
        }
        break;
      default:
        break;
    }
  }
  search = search.map((s) => s.replace(/\.$/, '')).filter((s) => s !== '');
  return { nameservers, search, ndots, timeout: timeoutSeconds * 1000, attempts, rotate };
}

/** Reads and parses a resolv.conf; a missing or unreadable file means all defaults, as in glibc. */
export async function readResolvConf(path: string): Promise<ResolvConf> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch {
    text = '';
  }
  return parseResolvConf(text);
}
