/** What every command gets from the entry point. */
export interface CommandContext {
  /** A line to stdout (results). */
  readonly out: (line: string) => void;
  /** A line to stderr (errors, diagnostics). */
  readonly err: (line: string) => void;
  /** Aborted on SIGINT or SIGTERM; long-running commands stop gracefully when it fires. */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  /** One line for `muster --help`. */
  readonly summary: string;
  /** The full `muster <name> --help` text. */
  readonly help: string;
  /** Resolves with the exit code; throws a MusterError for the entry point to print. */
  run(args: string[], context: CommandContext): Promise<number>;
}

/** Resolves when `signal` aborts (at once if it already has). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Holds the event loop open until `signal` aborts: muster's own timers are unref'd so that a
 * library never keeps a process alive, but a foreground command must.
 */
export async function stayAliveUntil(signal: AbortSignal): Promise<void> {
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    await whenAborted(signal);
  } finally {
    clearInterval(keepAlive);
  }
}
