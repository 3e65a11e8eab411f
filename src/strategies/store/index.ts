/** What the store strategies (postgres, redis, etcd) share: errors, timing config, the loop. */

export { HeartbeatStoreStrategy } from './heartbeat-store-strategy.js';
export { type StoreTiming, storeDefaults } from './store-config.js';
export {
  PeerDependencyMissingError,
  StoreEntryInvalidError,
  StoreUnavailableError,
} from './store-errors.js';
export type { StoreChange, StoreDriver, StoreListener, StoreSession } from './store-session.js';
export { StoreStrategy } from './store-strategy.js';
