/**
 * `muster-cluster/dns`: muster's stub resolver (resolv.conf search list and ndots honoured,
 * which Node's resolver ignores: nodejs/node #17850) and its errors, for users who want it
 * outside a dns-poll topology.
 */
export * from './dns-errors.js';
export type { AddressType, QueryType } from './dns-message.js';
export {
  type DnsEmpty,
  type DnsFound,
  type DnsLookup,
  DnsResolver,
  type DnsResolverOptions,
  type DnsResult,
  type SrvRecord,
} from './dns-resolver.js';
export type { EdnsMemory } from './edns-memory.js';
export type { NameserverAddress } from './nameserver-address.js';
export { parseResolvConf, type ResolvConf } from './resolv-conf.js';
