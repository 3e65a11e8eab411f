import type { Logger } from './logger.js';

/**
 * Tells a node who it is before the cluster starts (its own IP, its service's name), as
 * variables the config can use: `name: 'hello@${RANCHER_IP}'`.
 */
export interface IdentityProvider {
  resolve(signal?: AbortSignal): Promise<Record<string, string>>;
}

export interface IdentityProviderDefinition<Config = unknown> {
  /** The variables this provider defines; placeholders naming them wait for `start()`. */
  readonly variables: readonly string[];
  /** Validates the `identity` block; throws ConfigError with a path relative to it. */
  parseConfig(raw: unknown): Config;
  create(config: Config, context: { logger: Logger }): IdentityProvider;
}

const providers = new Map<string, IdentityProviderDefinition>();

export function registerIdentityProvider<Config>(
  kind: string,
  definition: IdentityProviderDefinition<Config>,
): void {
  providers.set(kind, definition as IdentityProviderDefinition);
}

export function identityProvider(kind: string): IdentityProviderDefinition | undefined {
  return providers.get(kind);
}

export function identityKinds(): string[] {
  return [...providers.keys()];
}
