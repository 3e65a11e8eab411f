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
  /** erts epmd's `-packet_timeout`: a connection that sends no complete request is closed. */
  idleTimeoutMs: 60_000,
  /**
   * erts epmd's input buffer (3 * MAXSYMLEN): the largest request it accepts. An ALIVE2_REQ
   * with a 1,020-byte name and a 2 KiB `extra` fits.
   */
  maxRequestBytes: 3 * 255 * 4,
  /** First delay before re-registering after the EPMD connection dropped; doubles up to max. */
  reregisterInitialDelayMs: 100,
  reregisterMaxDelayMs: 5_000,
} as const;

/** `ERL_EPMD_PORT` when set to a valid port, else 4369: the same lookup `erl` does. */
export function epmdPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ERL_EPMD_PORT;
  if (raw === undefined || !/^\d{1,5}$/.test(raw.trim())) return epmdDefaults.port;
  const port = Number(raw.trim());
  return port > 0 && port <= 0xffff ? port : epmdDefaults.port;
}
