import { isIP } from 'node:net';
import { runEpmdServer } from '../../epmd/run-epmd-server.js';
import { helpOption, intOption, noPositionals, parseCommandArgs } from '../args.js';
import { ExitCode, UsageError } from '../cli-errors.js';
import { type Command, stayAliveUntil } from '../command.js';
import { cliLogger } from '../topology-probes.js';

const help = `Usage: muster epmd [--port <port>] [--address <ip>]...

Runs muster's embedded EPMD (Erlang Port Mapper Daemon) in the foreground until SIGINT or
SIGTERM: the same wire protocol as Erlang's epmd (ALIVE2, PORT_PLEASE2, NAMES), for hosts
without Erlang. Prints one line when it listens, then "+ name port" / "- name" as nodes
register and leave.

Options:
  -p, --port <port>      port to listen on (default ERL_EPMD_PORT or 4369; 0 = any free port)
  -a, --address <ip>     IP address to listen on; repeat for several (default 0.0.0.0, as
                         epmd); host names are refused
  -h, --help             this text

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 could not listen (e.g. the port is taken),
            2 bad arguments.`;

export const epmdCommand: Command = {
  name: 'epmd',
  summary: 'run the embedded EPMD port mapper',
  help,
  async run(args, context) {
    const { values, positionals } = parseCommandArgs('epmd', {
      args,
      allowPositionals: true,
      options: {
        ...helpOption,
        port: { type: 'string', short: 'p' },
        address: { type: 'string', short: 'a', multiple: true },
      },
    });
    if (values.help) {
      context.out(help);
      return ExitCode.ok;
    }
    noPositionals('epmd', positionals);
    const port = intOption(values.port, 'port', { min: 0, max: 65_535 });
    const addresses = (values.address ?? []).flatMap((a) => a.split(',')).filter((a) => a !== '');
    // An address, never a name: a name would go to the system resolver.
    const bad = addresses.find((a) => isIP(a) === 0);
    if (bad !== undefined) {
      throw new UsageError(
        `--address expects an IPv4 or IPv6 address, got ${JSON.stringify(bad)} (see: muster epmd --help)`,
      );
    }
    const server = await runEpmdServer({
      ...(port === undefined ? {} : { port }),
      ...(addresses.length === 0 ? {} : { host: addresses }),
      logger: cliLogger(),
      signal: context.signal,
    });
    server.on('register', (entry) => context.out(`+ ${entry.name} ${entry.port}`));
    server.on('unregister', (entry) => context.out(`- ${entry.name}`));
    const where = server.addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(', ');
    context.out(`muster epmd: listening on ${where} port ${server.port}`);
    await stayAliveUntil(context.signal);
    await server.stop();
    return ExitCode.ok;
  },
};
