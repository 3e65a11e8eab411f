import { isIP } from 'node:net';
import { RancherMalformedError } from './rancher-errors.js';

/** The fields of a Rancher container that discovery and identity use. */
export interface RancherContainer {
  readonly name: string | undefined;
  readonly primaryIp: string | undefined;
  readonly state: string | undefined;
  /** null or absent when the service has no health check. */
  readonly healthState: string | null;
  readonly serviceName: string | undefined;
  readonly stackName: string | undefined;
}

/** A service document: its name, stack and containers (objects, or names in 2015-07-25). */
export interface RancherService {
  readonly name: string | undefined;
  readonly stackName: string | undefined;
  readonly containers: readonly (RancherContainer | string)[];
}

type Fields = Record<string, unknown>;

/**
 * Reads an object. The rule: a field of the wrong type makes the whole answer malformed (the
 * server is broken, keep what we knew); a missing field is left undefined for the caller to
 * decide (a container without an IP is skipped with a warning).
 */
function asObject(value: unknown, url: string, field: string): Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RancherMalformedError(url, `expected an object, got ${kindOf(value)}`, field);
  }
  return value as Fields;
}

function optionalString(obj: Fields, key: string, url: string, where: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    throw new RancherMalformedError(url, `expected a string, got ${kindOf(v)}`, `${where}.${key}`);
  }
  return v;
}

export function parseContainer(value: unknown, url: string, where = 'container'): RancherContainer {
  const obj = asObject(value, url, where);
  return {
    name: optionalString(obj, 'name', url, where),
    primaryIp: optionalString(obj, 'primary_ip', url, where) || undefined,
    state: optionalString(obj, 'state', url, where),
    healthState: optionalString(obj, 'health_state', url, where) ?? null,
    serviceName: optionalString(obj, 'service_name', url, where),
    stackName: optionalString(obj, 'stack_name', url, where),
  };
}

export function parseService(value: unknown, url: string, where = 'service'): RancherService {
  const obj = asObject(value, url, where);
  const list = obj.containers;
  // A service with no containers may be listed with `containers: null` by some releases.
  const raw = list === null ? [] : list;
  if (!Array.isArray(raw)) {
    throw new RancherMalformedError(
      url,
      `expected an array, got ${kindOf(list)}`,
      `${where}.containers`,
    );
  }
  const containers = raw.map((c: unknown, i) =>
    typeof c === 'string' ? c : parseContainer(c, url, `${where}.containers[${i}]`),
  );
  return {
    name: optionalString(obj, 'name', url, where),
    stackName: optionalString(obj, 'stack_name', url, where),
    containers,
  };
}

/** The `version` endpoint answers a JSON string (some builds: a number). */
export function parseVersion(value: unknown, url: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new RancherMalformedError(
    url,
    `expected a version string, got ${kindOf(value)}`,
    'version',
  );
}

/** Why an IP is unusable, or undefined when it is a valid IPv4/IPv6 address. */
export function badIpReason(ip: string | undefined): string | undefined {
  if (ip === undefined) return 'no primary_ip (is its network set up yet?)';
  if (isIP(ip) === 0) return `primary_ip ${JSON.stringify(ip)} is not an IP address`;
  return undefined;
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'nothing';
  return `a ${typeof value}`;
}
