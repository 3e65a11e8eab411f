/**
 * `muster-cluster/tcp`: the TCP transport class, for code that builds one itself (a transport
 * factory that wraps it, a test). A cluster configured with `transport: { kind: 'tcp', ... }`
 * needs none of this.
 */
export type { TcpTransportStats } from './counters.js';
export type { TcpTransportInput, TcpTransportOptions } from './tcp-options.js';
export { TcpTransport } from './tcp-transport.js';
