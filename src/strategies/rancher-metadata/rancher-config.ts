import { z } from 'zod';
import { defaults } from '../../core/defaults.js';
import { parseWith, schemas } from '../../core/validation.js';
import {
  RANCHER_API_VERSIONS,
  type RancherApiVersion,
  rancherDefaults,
} from './rancher-defaults.js';

export interface RancherMetadataConfig {
  /** The `basename` of every node name: `basename@<primary_ip>`. */
  readonly nodeBasename: string;
  readonly pollingInterval: number;
  readonly url: string;
  readonly apiVersion: RancherApiVersion;
  /** The service to watch; absent means this container's own service (`self/service`). */
  readonly service: { readonly stack: string; readonly name: string } | undefined;
  /** Only containers whose health check passes (or that have none) count. */
  readonly requireHealthy: boolean;
  /** Per-request time limit in milliseconds. */
  readonly timeout: number;
  /** Watch `version` with long polling to react at once; the interval stays as a fallback. */
  readonly longPoll: boolean;
  /** How long one long-poll request waits for a change, in milliseconds (rounded up to s). */
  readonly longPollMaxWait: number;
  /** Bodies larger than this many bytes fail the poll. */
  readonly maxBodyBytes: number;
}

const BASENAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

const URL_EXPECTED =
  "expected an http URL with no path, query or credentials, such as 'http://rancher-metadata' (the API version goes in apiVersion)";

/** The service's base URL: the client appends `/<apiVersion>/...`, so a path would double it. */
export const urlSchema = z.string({ error: URL_EXPECTED }).refine(
  (s) => {
    try {
      const u = new URL(s);
      return (
        u.protocol === 'http:' &&
        u.pathname === '/' &&
        u.search === '' &&
        u.hash === '' &&
        u.username === '' &&
        u.password === ''
      );
    } catch {
      return false;
    }
  },
  { error: URL_EXPECTED },
);

export const apiVersionSchema = z.enum(RANCHER_API_VERSIONS, {
  error: `expected one of ${RANCHER_API_VERSIONS.map((v) => `'${v}'`).join(', ')}`,
});

const schema = z.strictObject(
  {
    nodeBasename: z
      .string({ error: 'expected a node basename (letters, digits, "_", "-", ".")' })
      .regex(BASENAME, { error: 'expected a node basename (letters, digits, "_", "-", ".")' }),
    pollingInterval: schemas.milliseconds().default(defaults.pollingInterval),
    url: urlSchema.default(rancherDefaults.url),
    apiVersion: apiVersionSchema.default(rancherDefaults.apiVersion),
    service: z
      .strictObject(
        {
          stack: schemas.nonEmptyString('a stack name'),
          name: schemas.nonEmptyString('a service name'),
        },
        { error: 'expected { stack, name }' },
      )
      .optional(),
    requireHealthy: schemas.boolean().default(true),
    timeout: schemas.milliseconds().default(rancherDefaults.timeoutMs),
    longPoll: schemas.boolean().default(true),
    longPollMaxWait: schemas
      .positiveInt('a positive integer number of milliseconds')
      .default(rancherDefaults.longPollMaxWaitMs),
    maxBodyBytes: schemas
      .positiveInt('a positive number of bytes')
      .default(rancherDefaults.maxBodyBytes),
  },
  { error: 'expected an object (the rancher-metadata config block)' },
);

export function parseRancherMetadataConfig(raw: unknown): RancherMetadataConfig {
  const parsed = parseWith(schema, raw);
  return { ...parsed, service: parsed.service };
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type RancherMetadataConfigInput = z.input<typeof schema>;
