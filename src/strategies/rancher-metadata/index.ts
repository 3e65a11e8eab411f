/**
 * The Rancher 1.x metadata strategy and identity provider. Importing this module registers
 * the identity kind 'rancher-metadata'; the strategy is registered by src/strategies/builtin.ts.
 */
export { parseRancherMetadataConfig, type RancherMetadataConfig } from './rancher-config.js';
export {
  RANCHER_API_VERSIONS,
  type RancherApiVersion,
  rancherDefaults,
} from './rancher-defaults.js';
export {
  RancherBodyTooLargeError,
  RancherContainerSkippedError,
  RancherError,
  RancherHttpError,
  RancherLongPollUnsupportedError,
  RancherMalformedError,
  RancherNotFoundError,
  RancherTimeoutError,
  RancherUnreachableError,
} from './rancher-errors.js';
export { type RancherClientOptions, RancherMetadataClient } from './rancher-http-client.js';
export {
  parseRancherIdentityConfig,
  RANCHER_IDENTITY_VARIABLES,
  type RancherEnvOptions,
  type RancherIdentity,
  type RancherIdentityConfig,
  rancherEnvExports,
  rancherIdentityProvider,
  resolveRancherIdentity,
  shellQuote,
} from './rancher-identity.js';
export { RancherMetadataStrategy } from './rancher-metadata-strategy.js';
