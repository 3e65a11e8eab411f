/** The Kubernetes API strategy; registered by src/strategies/builtin.ts. */
export {
  type KubernetesConfig,
  type KubernetesIpFamily,
  type KubernetesNameMode,
  type KubernetesSource,
  parseKubernetesConfig,
} from './kubernetes-config.js';
export { kubernetesDefaults } from './kubernetes-defaults.js';
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
