import { DiscoveryError, MusterError } from '../../core/errors.js';

/**
 * The store (PostgreSQL, Redis, etcd) could not be reached, stopped answering within its time
 * limit, or dropped the session. The strategy keeps the nodes it knew and reconnects with
 * backoff. `target` is the store's address with any credentials redacted.
 */
export class StoreUnavailableError extends DiscoveryError {
  readonly target: string;

  constructor(topology: string, target: string, reason: string, options?: { cause?: unknown }) {
    super(topology, `store ${target} is unavailable: ${reason}`, {
      ...options,
      code: 'MUSTER_ERR_STORE_UNAVAILABLE',
    });
    this.target = target;
  }
}

/** An entry in the store does not hold a valid node name; it is skipped (a warning). */
export class StoreEntryInvalidError extends MusterError {
  readonly entry: string;

  constructor(entry: string, reason: string) {
    super(
      'MUSTER_ERR_STORE_ENTRY_INVALID',
      `Skipping store entry ${JSON.stringify(entry.slice(0, 200))}: ${reason}`,
    );
    this.entry = entry;
  }
}

/**
 * A strategy needs a client library that is an optional peer dependency of muster-cluster
 * (`pg`, `redis`, `etcd3`) and it is not installed. Install it beside muster-cluster.
 */
export class PeerDependencyMissingError extends MusterError {
  readonly dependency: string;

  constructor(dependency: string, strategy: string, options?: { cause?: unknown }) {
    super(
      'MUSTER_ERR_PEER_DEPENDENCY_MISSING',
      `The '${strategy}' strategy needs the '${dependency}' package, which is not installed: run \`npm install ${dependency}\``,
      options,
    );
    this.dependency = dependency;
  }
}
