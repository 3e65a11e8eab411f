import { z } from 'zod';
import { IdentityError } from '../../core/errors.js';
import {
  type IdentityProvider,
  type IdentityProviderDefinition,
  registerIdentityProvider,
} from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import { silentLogger } from '../../core/logger.js';
import { parseWith, schemas } from '../../core/validation.js';
import { apiVersionSchema, urlSchema } from './rancher-config.js';
import { type RancherApiVersion, rancherDefaults } from './rancher-defaults.js';
import { RancherMetadataClient } from './rancher-http-client.js';
import { badIpReason, parseContainer, parseService } from './rancher-shapes.js';

/** The variables the provider defines, in the order `muster env rancher` prints them. */
export const RANCHER_IDENTITY_VARIABLES = [
  'RANCHER_IP',
  'RANCHER_SERVICE_NAME',
  'RANCHER_STACK_NAME',
  'RANCHER_CONTAINER_NAME',
] as const;

export type RancherIdentity = Record<(typeof RANCHER_IDENTITY_VARIABLES)[number], string>;

export interface RancherIdentityConfig {
  readonly kind: 'rancher-metadata';
  readonly url: string;
  readonly apiVersion: RancherApiVersion;
  /** Per-request time limit in milliseconds. */
  readonly timeout: number;
  /** Tries before giving up; boot can race the container's network setup. */
  readonly attempts: number;
  /** Wait before the second try, doubling after each further failure. */
  readonly retryDelay: number;
}

const schema = z.strictObject(
  {
    kind: z.literal('rancher-metadata', { error: "expected 'rancher-metadata'" }),
    url: urlSchema.default(rancherDefaults.url),
    apiVersion: apiVersionSchema.default(rancherDefaults.apiVersion),
    timeout: schemas.milliseconds().default(rancherDefaults.identityTimeoutMs),
    attempts: schemas
      .positiveInt('a positive integer number of attempts')
      .default(rancherDefaults.identityAttempts),
    retryDelay: schemas
      .nonNegativeInt('an integer number of milliseconds >= 0')
      .default(rancherDefaults.identityRetryDelayMs),
  },
  { error: "expected an object such as { kind: 'rancher-metadata' }" },
);

export function parseRancherIdentityConfig(raw: unknown): RancherIdentityConfig {
  return parseWith(schema, raw);
}

/** Reads this container's identity once (no retries); throws a RancherError or IdentityError. */
async function readOnce(
  client: RancherMetadataClient,
  signal: AbortSignal | undefined,
): Promise<RancherIdentity> {
  const [containerDoc, serviceDoc] = await Promise.all([
    client.getJson('self/container', { signal }),
    client.getJson('self/service', { signal }),
  ]);
  const container = parseContainer(containerDoc, client.urlOf('self/container'), 'self/container');
  const service = parseService(serviceDoc, client.urlOf('self/service'), 'self/service');
  const ipProblem = badIpReason(container.primaryIp);
  if (ipProblem !== undefined) throw new IdentityError(`self/container has ${ipProblem}`);
  const serviceName = service.name ?? container.serviceName;
  const stackName = service.stackName ?? container.stackName;
  if (serviceName === undefined)
    throw new IdentityError('self/service has no name (is this container part of a service?)');
  return {
    RANCHER_IP: container.primaryIp as string,
    RANCHER_SERVICE_NAME: serviceName,
    RANCHER_STACK_NAME: stackName ?? '',
    RANCHER_CONTAINER_NAME: container.name ?? '',
  };
}

/**
 * Asks the metadata API who this container is, with a timeout per request and `attempts`
 * tries with doubling delays. Fails with an IdentityError that names the URL, the number of
 * tries and the last cause.
 */
export async function resolveRancherIdentity(
  config: Omit<RancherIdentityConfig, 'kind'>,
  options: { logger?: Logger; signal?: AbortSignal } = {},
): Promise<RancherIdentity> {
  const logger = options.logger ?? silentLogger();
  const client = new RancherMetadataClient({
    url: config.url,
    apiVersion: config.apiVersion,
    timeout: config.timeout,
  });
  let delay = config.retryDelay;
  let lastError: unknown;
  for (let attempt = 1; attempt <= config.attempts; attempt++) {
    if (options.signal?.aborted) break;
    try {
      return await readOnce(client, options.signal);
    } catch (err) {
      lastError = err;
      if (options.signal?.aborted) break;
      logger.debug({ err, attempt, of: config.attempts }, 'rancher identity: attempt failed');
      if (attempt < config.attempts) {
        await sleep(delay, options.signal);
        delay = Math.max(1, delay * 2);
      }
    }
  }
  const reason = lastError instanceof Error ? lastError.message : 'aborted before an answer';
  throw new IdentityError(
    `Could not read this container's identity (self/container, self/service) from ${client.baseUrl} after ${config.attempts} attempt(s) of ${config.timeout} ms: ${reason}`,
    { cause: lastError },
  );
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The provider `identity: { kind: 'rancher-metadata' }` creates. */
export const rancherIdentityProvider: IdentityProviderDefinition<RancherIdentityConfig> = {
  variables: RANCHER_IDENTITY_VARIABLES,
  parseConfig: parseRancherIdentityConfig,
  create(config, context): IdentityProvider {
    return {
      resolve: (signal) => resolveRancherIdentity(config, { logger: context.logger, signal }),
    };
  },
};

registerIdentityProvider('rancher-metadata', rancherIdentityProvider);

export interface RancherEnvOptions {
  readonly url?: string;
  readonly apiVersion?: RancherApiVersion;
  readonly timeout?: number;
  readonly attempts?: number;
  readonly retryDelay?: number;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
}

/**
 * The identity as shell lines for `muster env rancher`: `export RANCHER_IP='10.42.1.5'`, one
 * per variable, single-quoted so any value is safe to `eval`.
 */
export async function rancherEnvExports(options: RancherEnvOptions = {}): Promise<string> {
  const { logger, signal, ...rest } = options;
  const config = parseRancherIdentityConfig({ kind: 'rancher-metadata', ...definedOnly(rest) });
  const identity = await resolveRancherIdentity(config, { logger, signal });
  return `${RANCHER_IDENTITY_VARIABLES.map((name) => `export ${name}=${shellQuote(identity[name])}`).join('\n')}\n`;
}

/** POSIX single-quoting: `it's` -> `'it'\''s'`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function definedOnly(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}
