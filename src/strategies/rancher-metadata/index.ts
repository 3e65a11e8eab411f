/**
 * The Rancher 1.x metadata strategy and identity helper, as `muster-cluster/strategies`
 * exports them. The identity kind 'rancher-metadata' is registered by src/strategies/builtin.ts.
 */
export type { RancherMetadataConfig } from './rancher-config.js';
export type { RancherApiVersion } from './rancher-defaults.js';
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
export {
  type RancherEnvOptions,
  type RancherIdentity,
  type RancherIdentityConfig,
  rancherEnvExports,
} from './rancher-identity.js';
export { RancherMetadataStrategy } from './rancher-metadata-strategy.js';
