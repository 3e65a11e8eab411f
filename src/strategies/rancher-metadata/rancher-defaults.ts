/** Defaults of the Rancher metadata strategy and identity provider, each with its reason. */
export const rancherDefaults = {
  /** The name every Rancher 1.x container resolves to its host's metadata service. */
  url: 'http://rancher-metadata',
  /** What the issue and libcluster use; pin a dated version if `latest` ever changes shape. */
  apiVersion: 'latest',
  /** The metadata service answers from memory on the same host: 5 s means it is in trouble. */
  timeoutMs: 5_000,
  /**
   * A service document of 1,000 containers is about 1.5 MiB; 4 MiB leaves room and still
   * stops a runaway or hostile answer long before it costs real memory.
   */
  maxBodyBytes: 4 * 1024 * 1024,
  /** How long one long-poll request waits for a version change (the server's `maxWait`). */
  longPollMaxWaitMs: 30_000,
  /** First wait before retrying a failed long poll; doubles up to the maximum. */
  longPollRetryInitialMs: 1_000,
  longPollRetryMaxMs: 60_000,
  /**
   * Least time between two requests the metadata service can make us send back to back: long
   * polls answered at once, polls a flapping version triggers. The service answers from memory,
   * so 1 s costs nothing in reaction time and caps a misbehaving one at a request a second.
   */
  requestFloorMs: 1_000,
  /** Same-version answers in a row, each back in under half the wait: long poll unsupported. */
  longPollIgnoredAfter: 2,
  /** Interval polls are spread over pollingInterval * (1 +- this), so hosts never poll in step. */
  pollingJitter: 0.1,
  /** 2015-07-25 lists container names only: fetch this many containers at once. */
  containerFetchConcurrency: 16,
  /** Identity: tries before giving up (boot can race the container's network setup). */
  identityAttempts: 5,
  /** Identity: each request's time limit. */
  identityTimeoutMs: 2_000,
  /** Identity: first wait between tries; doubles each time. */
  identityRetryDelayMs: 250,
} as const;

export const RANCHER_API_VERSIONS = ['latest', '2015-12-19', '2015-07-25'] as const;
export type RancherApiVersion = (typeof RANCHER_API_VERSIONS)[number];
