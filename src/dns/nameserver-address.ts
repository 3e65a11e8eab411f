import { isIP } from 'node:net';
import { DnsInvalidInputError } from './dns-errors.js';

export const DNS_PORT = 53;

/** One nameserver to ask, parsed once. `label` is how errors and logs name it. */
export interface NameserverAddress {
  readonly host: string;
  readonly port: number;
  readonly family: 4 | 6;
  readonly label: string;
}

const EXPECTED = "a nameserver 'ip', 'ip:port' or '[ipv6]:port' (port 1-65535)";

function parsePort(input: string, text: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) throw new DnsInvalidInputError(input, EXPECTED);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new DnsInvalidInputError(input, EXPECTED);
  return port;
}

function make(host: string, port: number, family: 4 | 6): NameserverAddress {
  const label = family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, family, label };
}

/**
 * Parses `ip`, `ip:port`, `[ipv6]` or `[ipv6]:port`. A bare IPv6 address (several colons, no
 * brackets) is taken whole, as resolv.conf writes it; a zone id (`fe80::1%eth0`) is kept.
 */
export function parseNameserver(input: string): NameserverAddress {
  if (typeof input !== 'string') throw new DnsInvalidInputError(String(input), EXPECTED);
  const text = input.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) throw new DnsInvalidInputError(input, EXPECTED);
    const host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (isIP(host) !== 6) throw new DnsInvalidInputError(input, EXPECTED);
    if (rest === '') return make(host, DNS_PORT, 6);
    if (!rest.startsWith(':')) throw new DnsInvalidInputError(input, EXPECTED);
    return make(host, parsePort(input, rest.slice(1)), 6);
  }
  const family = isIP(text);
  if (family === 4 || family === 6) return make(text, DNS_PORT, family);
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon) {
    const host = text.slice(0, colon);
    if (isIP(host) === 4) return make(host, parsePort(input, text.slice(colon + 1)), 4);
  }
  throw new DnsInvalidInputError(input, EXPECTED);
}

/** Whether `input` parses; for config schemas that want a boolean. */
export function isNameserver(input: string): boolean {
  try {
    parseNameserver(input);
    return true;
  } catch {
    return false;
  }
}
