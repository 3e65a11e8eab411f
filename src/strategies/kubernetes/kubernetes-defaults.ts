/** Defaults of the Kubernetes strategy, each with its reason. */
export const kubernetesDefaults = {
  /** Where every pod finds its service-account credentials (projected volume). */
  tokenPath: '/var/run/secrets/kubernetes.io/serviceaccount/token',
  caPath: '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
  namespacePath: '/var/run/secrets/kubernetes.io/serviceaccount/namespace',
  /** The cluster DNS domain kubelets default to (`--cluster-domain`). */
  clusterDomain: 'cluster.local',
  /** One list or watch-open request's time limit: an API server slower than this is in trouble. */
  timeoutMs: 10_000,
  /** Items per list page (`limit`): small enough for a busy API server, 2 pages at 1,000. */
  pageSize: 500,
  /**
   * A list page or one watch event larger than this fails the read. An EndpointSlice holds at
   * most 1,000 endpoints (about 0.5 MiB); a page of 500 pods is a few MiB.
   */
  maxBodyBytes: 16 * 1024 * 1024,
  /**
   * How long the server keeps one watch open (`timeoutSeconds`), randomised between 1x and 2x
   * as client-go's reflector does, so many pods do not reconnect at the same moment.
   */
  watchTimeoutSeconds: 300,
  /** A watch silent this long past its timeout is taken for a half-open connection. */
  watchIdleGraceMs: 30_000,
  /** Backoff of a dropped watch or a failed list: 0.5 s doubling to 30 s, jittered. */
  retryInitialMs: 500,
  retryMaxMs: 30_000,
  /** After a watch is refused (403/405), poll, and try watching again after this long. */
  watchRetryAfterRefusalMs: 300_000,
  /** A watch that ends cleanly before this without an event counts as a failure (no spin). */
  watchMinHealthyMs: 1_000,
  /**
   * Objects held at most (slices or pods, list and watch together): 100,000 is past what one
   * cluster runs (150,000 pods in all), and stops a runaway continue chain or watch stream.
   */
  maxObjects: 100_000,
  /** Continue tokens that expired mid-list: start the list over this many times. */
  listRestarts: 2,
} as const;

/** The label the EndpointSlice controller puts on every slice of a Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
