/**
 * EPMD defaults, each with the reason for its value (src/core/defaults.ts holds the rest).
 */
export const epmdDefaults = {
  /** The IANA port of EPMD, the one every Erlang node asks unless `ERL_EPMD_PORT` says else. */
  port: 4369,
  /**
   * A request (connect, write, reply) that has not finished by then fails. epmd answers from
   * memory in microseconds; 5 s only allows for a loaded host, and stays under a poll interval.
   */
  requestTimeoutMs: 5_000,
  /**
   * A connection that holds no registration is cut this long after it opened, request or not
   * (erts epmd's `-packet_timeout` is 60 s). A real query arrives with the connection and is
   * answered in microseconds; 5 s only allows for a loaded host, and keeps anyone who opens
   * idle connections from holding them for long.
   */
  idleTimeoutMs: 5_000,
  /** Registrations an embedded EPMD holds at once (erts epmd's default is near 1,000 fds). */
  maxRegistrations: 4_096,
  /** Connections without a registration held at once; past it the oldest is cut. */
  maxQueryConnections: 1_024,
  /** Of those, from one remote address; past it that address's oldest is cut. */
  maxQueryConnectionsPerAddress: 64,
  /**
   * erts epmd's input buffer (3 * MAXSYMLEN): the largest request it accepts. An ALIVE2_REQ
   * with a 1,020-byte name and a 2 KiB `extra` fits.
   */
  maxRequestBytes: 3 * 255 * 4,
  /** First delay before re-registering after the EPMD connection dropped; doubles up to max. */
  reregisterInitialDelayMs: 100,
  reregisterMaxDelayMs: 5_000,
  /**
   * After losing its EPMD, a node only re-registers (with whichever EPMD holds the port) for
   * this long before it starts a port mapper of its own: a supervisor restarting the system
   * epmd (systemd's 100 ms, runit's 1 s) gets the port back first.
   */
  portMapperGraceMs: 3_000,
  /**
   * A name found taken is asked again after 50, 100, 200 and 400 ms (750 ms in all) before
   * start fails: a node restarted at once may find its previous registration still held while
   * epmd has not yet read that connection's FIN (erlang/otp#11083).
   */
  nameTakenRetryInitialMs: 50,
  nameTakenRetryMaxMs: 400,
  /** How long a started daemon has to answer before registering is tried anyway. */
  daemonReadyTimeoutMs: 10_000,
} as const;

/** `ERL_EPMD_PORT` when set to a valid port, else 4369: the same lookup `erl` does. */
export function epmdPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ERL_EPMD_PORT;
  if (raw === undefined || !/^\d{1,5}$/.test(raw.trim())) return epmdDefaults.port;
  const port = Number(raw.trim());
  return port > 0 && port <= 0xffff ? port : epmdDefaults.port;
}
