import { names } from '../../src/epmd/epmd-client.js';
import { eventually, spawnPeer } from './epmd-peers.js';

export interface ErlangNode {
  /** The alive name registered with epmd (`foo` of `foo@host`). */
  readonly name: string;
  stop(): Promise<void>;
}

/**
 * Starts a real Erlang node (`erl -sname`) that registers with the EPMD on `epmdPort` (erl
 * always registers at 127.0.0.1) and listens for distribution only on `listenAddress`
 * (an address in 127.30.0.0/16). Resolves once the EPMD lists it.
 */
export async function startErlangNode(options: {
  name: string;
  epmdPort: number;
  epmdHost: string;
  listenAddress: string;
}): Promise<ErlangNode> {
  const tuple = `{${options.listenAddress.split('.').join(',')}}`;
  const peer = spawnPeer(
    'erl',
    [
      '-sname',
      options.name,
      '-noshell',
      '-start_epmd',
      'false',
      '-setcookie',
      'muster-test',
      '-kernel',
      'inet_dist_use_interface',
      tuple,
    ],
    { ...process.env, ERL_EPMD_PORT: String(options.epmdPort) },
  );
  try {
    await eventually(
      async () => {
        if (peer.child.exitCode !== null) throw new Error(`erl exited: ${peer.stderr()}`);
        const listed = await names(options.epmdHost, options.epmdPort, { timeout: 1_000 }).catch(
          () => [],
        );
        return listed.some((n) => n.name === options.name);
      },
      `erl node ${options.name} to register`,
      20_000,
      50,
    );
  } catch (err) {
    await peer.stop();
    throw err;
  }
  return { name: options.name, stop: () => peer.stop() };
}
