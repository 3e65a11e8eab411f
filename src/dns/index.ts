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
export { type NameserverAddress, parseNameserver } from './nameserver-address.js';
export { parseResolvConf, type ResolvConf, readResolvConf } from './resolv-conf.js';
export { searchCandidates } from './search-list.js';
