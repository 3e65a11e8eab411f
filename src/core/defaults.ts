/**
 * Every default in one place, each with the reason for its value.
 */
export const defaults = {
  /** libcluster's and the seed's interval: fast enough for autoscaling, cheap for DNS servers. */
  pollingInterval: 5_000,
  /** Long enough to fold a burst of diffs from several topologies, short enough to feel instant. */
  debounceMs: 25,
  /**
   * The end of a pair whose name sorts last waits this long for the other end's dial before
   * dialing itself: covers a handshake's round trips when both learn of each other in one poll.
   */
  dialYieldMs: 250,
  /**
   * Connects in flight at once. Handshakes are CPU-light; this bounds file descriptors and
   * memory during a 10,000-node join while keeping the pipe full on loopback.
   */
  connectConcurrency: 256,
  /** A connect that has not finished by then is counted as failed and retried. */
  connectTimeoutMs: 10_000,
  /** First retry delay after a failed connect or a dropped connection. */
  retryInitialDelayMs: 250,
  /** Retries back off to at most this; a wanted node is never given up on. */
  retryMaxDelayMs: 30_000,
  /**
   * How long an acceptor holds the handshake of a proven peer its topologies do not list yet
   * while they poll for it: a DNS or metadata round trip, well below `handshakeTimeout`.
   */
  admitWaitMs: 2_000,
  /** The least time between two polls of one topology that admission asks for (no storms). */
  admitPollIntervalMs: 1_000,
  /** `ready()` waits this long when no timeout is given. */
  readyTimeoutMs: 30_000,
  /** Erlang's default distribution port range starts near here; 4369 is EPMD itself. */
  tcpPort: 4370,
  /** Erlang's net_ticktime is 60 s; containers are restarted faster than that, so we use 15 s. */
  tickTimeMs: 15_000,
  /** A handshake that has not finished in this time is cut (slowloris protection). */
  handshakeTimeoutMs: 5_000,
  /** Frames above this are a protocol error; large enough for any sane control message. */
  maxFrameSize: 8 * 1024 * 1024,
} as const;
