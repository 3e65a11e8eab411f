/** What the store strategies (postgres, redis, etcd) share, as `muster-cluster/strategies` exports it. */
export type { StoreTiming } from './store-config.js';
export {
  PeerDependencyMissingError,
  StoreEntryInvalidError,
  StoreUnavailableError,
} from './store-errors.js';
