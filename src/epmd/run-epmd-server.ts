import type { Logger } from '../core/logger.js';
import { epmdPortFromEnv } from './epmd-defaults.js';
import { EpmdServer } from './epmd-server.js';

export interface RunEpmdServerOptions {
  /** Addresses to listen on (epmd's `-address`); default every interface. */
  readonly host?: string | readonly string[];
  /** Default `ERL_EPMD_PORT` or 4369, as `epmd` itself. */
  readonly port?: number;
  readonly logger?: Logger;
  /** Stops the server when aborted (the CLI wires SIGINT/SIGTERM to it). */
  readonly signal?: AbortSignal;
}

/**
 * What `muster epmd [--port] [--address]` runs: an embedded EPMD in the foreground. Resolves
 * with the started server once it listens; aborting `signal` stops it.
 */
export async function runEpmdServer(options: RunEpmdServerOptions = {}): Promise<EpmdServer> {
  const server = new EpmdServer({
    host: options.host ?? '0.0.0.0',
    port: options.port ?? epmdPortFromEnv(),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  await server.start();
  const { signal } = options;
  if (signal !== undefined) {
    if (signal.aborted) await server.stop();
    else signal.addEventListener('abort', () => void server.stop(), { once: true });
  }
  return server;
}
