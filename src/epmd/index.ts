export {
  names,
  namesReply,
  portPlease,
  type RegisterNodeInput,
  registerNode,
} from './epmd-client.js';
export type { PortMapperStart, StartedDaemon } from './epmd-daemon.js';
export { epmdDefaults, epmdPortFromEnv } from './epmd-defaults.js';
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
export type { EpmdEntry } from './epmd-name-table.js';
export { NamesReader } from './epmd-names-reader.js';
export { EpmdPortMapping, type EpmdPortMappingOptions } from './epmd-port-mapping.js';
export { EpmdRegistration, type RegistrationClose } from './epmd-registration.js';
export {
  type Alive2Response,
  decodeAlive2Response,
  decodeNamesResponse,
  decodePort2Response,
  encodeAlive2Response,
  encodeNamesResponse,
  encodePort2Response,
  type NamesEntry,
  type NamesResponse,
  type Port2Response,
} from './epmd-replies.js';
export {
  decodeRequest,
  type EpmdRequest,
  encodeAlive2Request,
  encodeNamesRequest,
  encodePortPlease2Request,
  encodeRequest,
} from './epmd-requests.js';
export { EpmdServer, type EpmdServerEvents, type EpmdServerOptions } from './epmd-server.js';
export type { EpmdRequestOptions } from './epmd-socket.js';
export { type EpmdNodeInfo, EpmdTag, NodeType } from './epmd-wire.js';
export { parseHostsErlang, readHostsErlang } from './hosts-erlang.js';
export { type RunEpmdServerOptions, runEpmdServer } from './run-epmd-server.js';
