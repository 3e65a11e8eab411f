import { isIP } from 'node:net';
import { InvalidNodeNameError } from './errors.js';

/** `basename@host`, validated. A branded string so hot paths stay plain string work. */
export type NodeName = string & { readonly __brand: 'NodeName' };

export type HostKind = 'ipv4' | 'ipv6' | 'dns';

export interface ParsedNodeName {
  readonly name: NodeName;
  readonly basename: string;
  readonly host: string;
  readonly hostKind: HostKind;
}

// Erlang allows letters, digits, '_' and '-' in the alive part; we add '.' which sname users use.
const BASENAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
const DNS_LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

function hostKindOf(host: string): HostKind | string {
  if (host === '') return 'the host part is empty';
  const ip = isIP(host);
  if (ip === 4) return 'ipv4';
  if (ip === 6) return 'ipv6';
  if (host.length > 253) return 'the host is longer than 253 characters';
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  if (labels.every((l) => DNS_LABEL.test(l))) {
    // A name made only of digits and dots that isIP rejected is a malformed address, not DNS.
    if (/^[0-9.]+$/.test(host)) return 'the host looks like an IPv4 address but is not one';
    return 'dns';
  }
  return 'the host is neither an IP address nor a DNS name';
}

/** Parses and validates `basename@host`; IPv6 hosts may be written bare or in brackets. */
export function parseNodeName(input: string): ParsedNodeName {
  if (typeof input !== 'string') {
    throw new InvalidNodeNameError(String(input), 'a node name is a string');
  }
  const at = input.indexOf('@');
  if (at < 0) throw new InvalidNodeNameError(input, "expected 'basename@host'");
  const basename = input.slice(0, at);
  let host = input.slice(at + 1);
  if (!BASENAME.test(basename)) {
    throw new InvalidNodeNameError(
      input,
      'the basename must be 1-255 letters, digits, "_", "-" or "."',
    );
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const kind = hostKindOf(host);
  if (kind !== 'ipv4' && kind !== 'ipv6' && kind !== 'dns') {
    throw new InvalidNodeNameError(input, kind);
  }
  const canonicalHost =
    kind === 'dns' ? host.toLowerCase() : kind === 'ipv6' ? canonicalIPv6(host) : host;
  return {
    name: `${basename}@${canonicalHost}` as NodeName,
    basename,
    host: canonicalHost,
    hostKind: kind,
  };
}

/** Builds a node name from parts, validating it. */
export function nodeName(basename: string, host: string): NodeName {
  return parseNodeName(`${basename}@${host}`).name;
}

/** Validates and returns the canonical form. */
export function toNodeName(input: string): NodeName {
  return parseNodeName(input).name;
}

/** The host part of an already-validated name (no re-validation: hot path). */
export function hostOf(name: NodeName): string {
  return name.slice(name.indexOf('@') + 1);
}

/** The basename part of an already-validated name. */
export function basenameOf(name: NodeName): string {
  return name.slice(0, name.indexOf('@'));
}

/**
 * The order both ends of a simultaneous dial agree on, as Erlang compares node names:
 * plain code-unit comparison of the canonical names.
 */
export function compareNodeNames(a: NodeName, b: NodeName): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * RFC 5952 text form of an IPv6 address (lower case, longest zero run compressed; section 4),
 * so the name a peer gives itself and the one DNS reports compare equal. The URL parser does
 * section 4; an IPv4-mapped address is then written with its IPv4 part dotted, as section 5
 * recommends (`::ffff:127.0.0.1`, not `::ffff:7f00:1`).
 */
export function canonicalIPv6(address: string): string {
  let text: string;
  try {
    text = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase();
  }
  const mapped = MAPPED_IPV4.exec(text);
  if (!mapped) return text;
  const high = Number.parseInt(mapped[1]!, 16);
  const low = Number.parseInt(mapped[2]!, 16);
  return `::ffff:${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}
