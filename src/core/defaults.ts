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
   * `start()` waits at most this long for each topology's first answer or failure: a DNS
   * server's answer takes milliseconds; one that is down is not worth holding start-up for.
   */
  startTimeoutMs: 5_000,
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
  /**
   * Frames above this are a protocol error. 1 MiB carries any control message; far below what
   * would let one peer hold the event loop (JSON.parse of 8 MiB took seconds, issue 14).
   */
  maxFrameSize: 1024 * 1024,
  /**
   * Sockets still in the handshake (TLS included) per node; more are closed at once. Hundreds
   * cover a 200-node mesh joining at once; far below the usual 1,024-descriptor limit.
   */
  maxHandshakes: 512,
  /**
   * Sockets still in the handshake from one remote address. On loopback every peer dials from
   * 127.0.0.1, so it stays above a 200-node mesh; it keeps one host from taking every slot.
   */
  maxHandshakesPerAddress: 256,
  /** JSON nesting a message may have: ample for data, bounds JSON.parse's work per byte. */
  maxMessageDepth: 64,
  /**
   * Bytes queued in the process for one peer beyond what its socket took. Four maximum-size
   * messages or thousands of small ones; 200 stuck peers hold at most 800 MiB, not unbounded.
   */
  maxSendBuffer: 4 * 1024 * 1024,
} as const;
