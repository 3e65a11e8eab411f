/**
 * What `muster doctor` found, one finding per check that failed, each with a stable code and
 * a hint a person can act on (docs/cli.md lists them). The causes are the ones every peer
 * tracker hears about as "discovered but won't connect".
 */
export const DoctorCode = {
  /** This node's name has a host that is not an address of this machine. */
  nameNotLocal: 'MUSTER_DOCTOR_NAME_NOT_LOCAL',
  /** The transport listens on another address than the one in this node's name. */
  bindNotName: 'MUSTER_DOCTOR_BIND_NOT_NAME',
  /** A topology answered, but without this node: peers will not find it. */
  selfNotDiscovered: 'MUSTER_DOCTOR_SELF_NOT_DISCOVERED',
  /** A topology answered with nobody (NXDOMAIN, zero containers). */
  noPeers: 'MUSTER_DOCTOR_NO_PEERS',
  /** A peer's host name does not resolve. */
  address: 'MUSTER_DOCTOR_ADDRESS',
  /** Nothing listens on the peer's address and port (connection refused). */
  portClosed: 'MUSTER_DOCTOR_PORT_CLOSED',
  /** No answer at all from the peer's address (a firewall, a wrong network). */
  unreachable: 'MUSTER_DOCTOR_UNREACHABLE',
  /** The peer and this node do not share a cookie. */
  cookie: 'MUSTER_DOCTOR_COOKIE',
  /** The node listening there has another name than the one discovered. */
  nameMismatch: 'MUSTER_DOCTOR_NAME_MISMATCH',
  /** The handshake broke off, or never began, as when one side speaks TLS and the other not. */
  tls: 'MUSTER_DOCTOR_TLS',
  /** Any other failed handshake (version, timeout, refused by the peer). */
  handshake: 'MUSTER_DOCTOR_HANDSHAKE',
} as const;

export type DoctorCodeValue = (typeof DoctorCode)[keyof typeof DoctorCode];

export interface Finding {
  readonly code: DoctorCodeValue | string;
  readonly message: string;
  readonly hint: string;
}

export const hints: Record<DoctorCodeValue, string> = {
  [DoctorCode.nameNotLocal]:
    "peers dial the host in this node's name: use an address of this machine (e.g. hello@${RANCHER_IP} or the pod IP)",
  [DoctorCode.bindNotName]:
    "transport.host differs from the host in the name: peers dial the name's host, so listen there (or leave transport.host unset)",
  [DoctorCode.selfNotDiscovered]:
    "the answer lists other names than this node's: check nodeBasename and that the name's host is the address discovery reports",
  [DoctorCode.noPeers]:
    'the source answered with nobody: for dns-poll check query, search and that the service has records (NXDOMAIN or NODATA)',
  [DoctorCode.address]:
    "the peer's host name does not resolve here: check DNS or use IP addresses in node names",
  [DoctorCode.portClosed]:
    'nothing listens there: is the node running, is transport.port the same on every node, does the peer listen on this address?',
  [DoctorCode.unreachable]:
    'no answer from that address: check firewalls, security groups and that both nodes are on one network',
  [DoctorCode.cookie]: 'every node needs the same cookie (MUSTER_COOKIE)',
  [DoctorCode.nameMismatch]:
    'the node at that address calls itself something else: make every node name itself after the address discovery reports',
  [DoctorCode.tls]:
    'use transport.tls on every node or on none, with certificates signed by the same ca (or the peer is not a muster node)',
  [DoctorCode.handshake]: 'see the detail; both nodes should run the same muster version',
};

export function finding(code: DoctorCodeValue, message: string): Finding {
  return { code, message, hint: hints[code] };
}
