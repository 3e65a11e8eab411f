/**
 * `muster-cluster/epmd`: the Erlang Port Mapper Daemon, both sides (erts epmd's protocol): an
 * EPMD server to run, the client calls (`names`, `portPlease`, `registerNode`, as
 * erl_epmd names them), `.hosts.erlang` parsing, and their errors.
 */
export {
  names,
  portPlease,
  type RegisterNodeInput,
  registerNode,
} from './epmd-client.js';
export type { PortMapperStart } from './epmd-daemon.js';
export {
  EpmdAbortedError,
  EpmdError,
  EpmdListenError,
  EpmdNameSkippedError,
  EpmdNameTakenError,
  EpmdNotRegisteredError,
  EpmdProtocolError,
  EpmdTimeoutError,
  EpmdUnreachableError,
  HostsFileError,
} from './epmd-errors.js';
export type { EpmdRegistration, RegistrationClose } from './epmd-registration.js';
export type { NamesEntry } from './epmd-replies.js';
export { EpmdServer, type EpmdServerEvents, type EpmdServerOptions } from './epmd-server.js';
export type { EpmdRequestOptions } from './epmd-socket.js';
export type { EpmdNodeInfo } from './epmd-wire.js';
export { parseHostsErlang, readHostsErlang } from './hosts-erlang.js';
export { type RunEpmdServerOptions, runEpmdServer } from './run-epmd-server.js';
