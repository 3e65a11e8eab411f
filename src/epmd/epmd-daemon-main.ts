/**
 * The entry point of muster's embedded EPMD run as a daemon (`node epmd-daemon-main.js
 * <port> <address>...`): what a node starts, detached, when the host has no EPMD and no
 * `epmd` binary, so the port mapper outlives the node as `epmd -daemon` outlives `erl`.
 * Exits 1 when it cannot listen (another EPMD won the port), 0 on SIGTERM or SIGINT.
 */
import { EpmdServer } from './epmd-server.js';

const [portArg, ...hosts] = process.argv.slice(2);
const server = new EpmdServer({
  port: Number(portArg),
  host: hosts.length > 0 ? hosts : '0.0.0.0',
});
try {
  await server.start();
} catch {
  process.exit(1);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server.stop().then(() => process.exit(0));
  });
}
