import 'reflect-metadata';
import { container, type DependencyContainer } from 'tsyringe';
import { ConfigError, UnknownStrategyError } from './errors.js';
import type { Strategy, StrategyClass, StrategyContext } from './strategy.js';

/** Injection tokens a strategy's child container holds. */
export const STRATEGY_CONTEXT = Symbol.for('muster.StrategyContext');
const STRATEGY_INSTANCE = Symbol.for('muster.Strategy');

const registry: DependencyContainer = container.createChildContainer();
const names = new Set<string>();
/** The package's own strategies: fixed once the package has loaded (see sealBuiltinStrategies). */
const builtins = new Set<string>();
const token = (name: string) => `muster.strategy:${name}`;

/**
 * Adds a strategy under `name` for `topologies.*.strategy`. A later registration of the same
 * name replaces the earlier one, except for a built-in name: that throws a ConfigError (at
 * path `strategy`), so a strategy that wraps a built-in is registered under a name of its own.
 */
export function registerStrategy<Config>(name: string, strategyClass: StrategyClass<Config>): void {
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
  if (builtins.has(name)) {
    throw new ConfigError(
      'strategy',
      `a name that is not a built-in strategy's (${[...builtins].sort().join(', ')}); register yours under its own name`,
      JSON.stringify(name),
    );
  }
  registry.register(token(name), { useValue: strategyClass });
  names.add(name);
}

/** Marks every strategy registered so far as built in (called once, by strategies/builtin). */
export function sealBuiltinStrategies(): void {
  for (const name of names) builtins.add(name);
}

/** Built-in strategies build canonical node names themselves; others are checked (cluster). */
export function isBuiltinStrategy(name: string): boolean {
  return builtins.has(name);
}

export function registeredStrategies(): string[] {
  return [...names].sort();
}

export function strategyClass(name: string): StrategyClass {
  if (!names.has(name)) throw new UnknownStrategyError(name, registeredStrategies());
  return registry.resolve<StrategyClass>(token(name));
}

/**
 * Builds the strategy of one topology in its own child container, so everything the topology
 * is given (config, logger, clock) is injected per topology and never shared by accident.
 */
export function createStrategy(name: string, context: StrategyContext): Strategy {
  const Class = strategyClass(name);
  const scope = registry.createChildContainer();
  scope.register(STRATEGY_CONTEXT, { useValue: context });
  scope.register(STRATEGY_INSTANCE, {
    useFactory: (c) => new Class(c.resolve<StrategyContext>(STRATEGY_CONTEXT)),
  });
  return scope.resolve<Strategy>(STRATEGY_INSTANCE);
}
