import { createRequire } from 'node:module';
import { PeerDependencyMissingError } from './store-errors.js';

const require = createRequire(import.meta.url);

/**
 * Throws PeerDependencyMissingError unless `dependency` resolves from muster-cluster's own
 * location (as `import()` would resolve it). Synchronous, so a config naming a store strategy
 * fails at `createCluster` rather than at the first connect.
 */
export function requirePeer(dependency: string, strategy: string): void {
  try {
    require.resolve(dependency);
  } catch (err) {
    throw new PeerDependencyMissingError(dependency, strategy, { cause: err });
  }
}

/**
 * Imports an optional peer dependency on first use, so users of other strategies never load
 * (or install) it. `importer` is the literal `() => import('pg')`, which keeps bundlers and
 * the type checker aware of the module; a module that cannot be found becomes a
 * PeerDependencyMissingError, any other failure is rethrown as is.
 */
export async function loadPeer<T>(
  dependency: string,
  strategy: string,
  importer: () => Promise<T>,
): Promise<T> {
  try {
    return await importer();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new PeerDependencyMissingError(dependency, strategy, { cause: err });
    }
    throw err;
  }
}
