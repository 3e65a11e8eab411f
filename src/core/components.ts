import 'reflect-metadata';
import { container, type DependencyContainer } from 'tsyringe';
import type { DnsLookup } from '../dns/dns-resolver.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';

/** Injection tokens of what a cluster gives its parts (tsyringe resolves them by these). */
export const Tokens = {
  logger: Symbol.for('muster.Logger'),
  clock: Symbol.for('muster.Clock'),
  transport: Symbol.for('muster.Transport'),
  /** A DnsLookup the embedder gave (CreateClusterOptions.resolver); strategies get it in context. */
  resolver: Symbol.for('muster.DnsLookup'),
} as const;

/**
 * What every cluster inherits: the strategies, transport kinds and identity providers
 * registered by name (`registerStrategy` and the built-ins register here). Each cluster runs
 * in a child of it (see clusterContainer), so a registration made for one cluster through its
 * own container stays with that cluster.
 */
export const defaultContainer: DependencyContainer = container.createChildContainer();

/**
 * One cluster's container: its logger, clock and (if given) DNS resolver, over the
 * registrations it inherits.
 */
export function clusterContainer(
  parent: DependencyContainer,
  components: { readonly logger: Logger; readonly clock: Clock; readonly resolver?: DnsLookup },
): DependencyContainer {
  const scope = parent.createChildContainer();
  scope.register(Tokens.logger, { useValue: components.logger });
  scope.register(Tokens.clock, { useValue: components.clock });
  if (components.resolver) scope.register(Tokens.resolver, { useValue: components.resolver });
  return scope;
}

/**
 * Things registered by name in a container (strategies, transport kinds, identity providers):
 * looked up through the container's parents, so a cluster sees what its parents registered.
 * The names are kept in the container too (for "known: ..." in errors), never in a module.
 */
export class NamedRegistry<T> {
  private readonly namesToken: symbol;

  constructor(private readonly kind: string) {
    this.namesToken = Symbol.for(`muster.${kind}:names`);
  }

  register(name: string, value: T, into: DependencyContainer = defaultContainer): void {
    into.register(this.token(name), { useValue: value });
    this.ownNames(into).add(name);
  }

  get(name: string, from: DependencyContainer = defaultContainer): T | undefined {
    const token = this.token(name);
    return from.isRegistered(token, true) ? from.resolve<T>(token) : undefined;
  }

  /** The names `from` can resolve, in registration order. */
  names(from: DependencyContainer = defaultContainer): string[] {
    if (!from.isRegistered(this.namesToken, true)) return [];
    const all = from.resolve<Set<string>>(this.namesToken);
    return [...all].filter((n) => from.isRegistered(this.token(n), true));
  }

  private token(name: string): string {
    return `muster.${this.kind}:${name}`;
  }

  /** The container's own name set, seeded with what it inherits at the time. */
  private ownNames(c: DependencyContainer): Set<string> {
    if (c.isRegistered(this.namesToken, false)) return c.resolve<Set<string>>(this.namesToken);
    const inherited = c.isRegistered(this.namesToken, true)
      ? c.resolve<Set<string>>(this.namesToken)
      : [];
    const own = new Set<string>(inherited);
    c.register(this.namesToken, { useValue: own });
    return own;
  }
}
