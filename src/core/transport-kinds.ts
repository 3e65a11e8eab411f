import type { DependencyContainer } from 'tsyringe';
import type { Transport, TransportContext } from '../transport/transport.js';
import { defaultContainer, NamedRegistry } from './components.js';
import { ConfigError } from './errors.js';

/**
 * A transport configured by a plain object (`transport: { kind: 'tcp', port }`), the way users
 * configure muster per environment. The core knows kinds only through this contract; the
 * built-in ones (`tcp`, `callback`, `none`) are registered by src/transport/builtin.ts.
 */
export interface TransportKind<Config = unknown> {
  /** Validates the `transport` block (with its `kind`); throws ConfigError relative to it. */
  parseConfig(raw: unknown): Config;
  /** Makes the transport of one cluster from the validated block. */
  create(config: Config, context: TransportContext): Transport;
  /** Whether this kind needs the cluster's `cookie` (checked at config time). */
  readonly needsCookie?: boolean;
  /** Checks a given cookie at config time (e.g. its length); throws ConfigError naming `cookie`. */
  checkCookie?(cookie: string): void;
}

const kinds = new NamedRegistry<TransportKind>('transport');

/** Adds (or replaces) a transport kind for `transport: { kind }`. */
export function registerTransport<Config>(
  kind: string,
  definition: TransportKind<Config>,
  into: DependencyContainer = defaultContainer,
): void {
  if (typeof kind !== 'string' || kind.length === 0) {
    throw new ConfigError('transport.kind', 'a non-empty transport kind', JSON.stringify(kind));
  }
  kinds.register(kind, definition as TransportKind, into);
}

export function transportKind(
  kind: string,
  from: DependencyContainer = defaultContainer,
): TransportKind | undefined {
  return kinds.get(kind, from);
}

export function transportKinds(from: DependencyContainer = defaultContainer): string[] {
  return kinds.names(from);
}
