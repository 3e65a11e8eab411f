/** The Kubernetes API strategy, as `muster-cluster/strategies` exports it. */
export type {
  KubernetesConfig,
  KubernetesIpFamily,
  KubernetesNameMode,
  KubernetesSource,
} from './kubernetes-config.js';
export {
  type KubernetesAccess,
  KubernetesBodyTooLargeError,
  KubernetesCredentialsError,
  KubernetesEndpointSkippedError,
  KubernetesError,
  KubernetesForbiddenError,
  KubernetesGoneError,
  KubernetesHttpError,
  KubernetesMalformedError,
  KubernetesTimeoutError,
  KubernetesTlsError,
  KubernetesUnauthorizedError,
  KubernetesUnreachableError,
} from './kubernetes-errors.js';
export { KubernetesStrategy } from './kubernetes-strategy.js';
