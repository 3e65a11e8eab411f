import 'reflect-metadata';
import type { DependencyContainer } from 'tsyringe';
import { defaultContainer, NamedRegistry } from './components.js';
import { ConfigError, UnknownStrategyError } from './errors.js';
import type { Strategy, StrategyClass, StrategyContext } from './strategy.js';

/** Injection tokens a strategy's child container holds. */
export const STRATEGY_CONTEXT = Symbol.for('muster.StrategyContext');
const STRATEGY_INSTANCE = Symbol.for('muster.Strategy');

const strategies = new NamedRegistry<StrategyClass>('strategy');
/**
 * The package's own strategy names, held by the default container (never by this module):
 * fixed once the package has loaded (see sealBuiltinStrategies).
 */
const BUILTIN_NAMES = Symbol.for('muster.strategy:builtins');

function builtins(from: DependencyContainer): ReadonlySet<string> {
  return from.isRegistered(BUILTIN_NAMES, true)
    ? from.resolve<ReadonlySet<string>>(BUILTIN_NAMES)
    : new Set();
}

/**
 * Adds a strategy under `name` for `topologies.*.strategy`, in the default container every
 * cluster inherits (or in `into`, a cluster's own). A later registration of the same name
 * replaces the earlier one, except for a built-in name: that throws a ConfigError (at path
 * `strategy`), so a strategy that wraps a built-in is registered under a name of its own.
 */
export function registerStrategy<Config>(
  name: string,
  strategyClass: StrategyClass<Config>,
  into: DependencyContainer = defaultContainer,
): void {
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
    throw new ConfigError(
      'strategy',
      'a strategy name of letters, digits, ".", "_" or "-"',
      JSON.stringify(name),
    );
  }
  if (typeof strategyClass !== 'function') {
    throw new ConfigError('strategy', 'a class implementing the Strategy contract');
  }
  const builtin = builtins(into);
  if (builtin.has(name)) {
    throw new ConfigError(
      'strategy',
      `a name that is not a built-in strategy's (${[...builtin].sort().join(', ')}); register yours under its own name`,
      JSON.stringify(name),
    );
  }
  strategies.register(name, strategyClass as StrategyClass, into);
}

/** Marks every strategy registered so far as built in (called once, by strategies/builtin). */
export function sealBuiltinStrategies(): void {
  defaultContainer.register(BUILTIN_NAMES, { useValue: new Set(strategies.names()) });
}

/** Built-in strategies build canonical node names themselves; others are checked (cluster). */
export function isBuiltinStrategy(
  name: string,
  from: DependencyContainer = defaultContainer,
): boolean {
  return builtins(from).has(name);
}

export function registeredStrategies(from: DependencyContainer = defaultContainer): string[] {
  return strategies.names(from).sort();
}

export function strategyClass(
  name: string,
  from: DependencyContainer = defaultContainer,
): StrategyClass {
  const Class = strategies.get(name, from);
  if (Class === undefined) throw new UnknownStrategyError(name, registeredStrategies(from));
  return Class;
}

/**
 * Builds the strategy of one topology in its own child container of `scope` (a cluster's),
 * so everything the topology is given (config, logger, clock) is injected per topology and
 * never shared by accident. Without a cluster's logger and clock, the context's are used.
 */
export function createStrategy(
  name: string,
  context: StrategyContext,
  scope: DependencyContainer = defaultContainer,
): Strategy {
  const Class = strategyClass(name, scope);
  const topology = scope.createChildContainer();
  topology.register(STRATEGY_CONTEXT, { useValue: context });
  topology.register(STRATEGY_INSTANCE, {
    useFactory: (c) => new Class(c.resolve<StrategyContext>(STRATEGY_CONTEXT)),
  });
  return topology.resolve<Strategy>(STRATEGY_INSTANCE);
}
