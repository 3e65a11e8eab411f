import type { DependencyContainer } from 'tsyringe';
import { defaultContainer, NamedRegistry } from './components.js';
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

const providers = new NamedRegistry<IdentityProviderDefinition>('identity');

/** Adds an identity provider kind, in the default container every cluster inherits. */
export function registerIdentityProvider<Config>(
  kind: string,
  definition: IdentityProviderDefinition<Config>,
  into: DependencyContainer = defaultContainer,
): void {
  providers.register(kind, definition as IdentityProviderDefinition, into);
}

export function identityProvider(
  kind: string,
  from: DependencyContainer = defaultContainer,
): IdentityProviderDefinition | undefined {
  return providers.get(kind, from);
}

export function identityKinds(from: DependencyContainer = defaultContainer): string[] {
  return providers.names(from);
}
