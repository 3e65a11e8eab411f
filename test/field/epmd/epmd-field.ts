import { systemClock } from '../../../src/core/clock.js';
import type { MusterError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { nodeName } from '../../../src/core/node-name.js';
import { EpmdStrategy } from '../../../src/strategies/epmd-strategy.js';

/** An EpmdStrategy that polls only when told to, with its warnings and errors recorded. */
export function manualEpmdStrategy(raw: Record<string, unknown>, selfHost: string) {
  const strategy = new EpmdStrategy({
    topology: 'hosts',
    config: EpmdStrategy.parseConfig({ pollingInterval: 3_600_000, ...raw }),
    logger: silentLogger(),
    clock: systemClock,
    self: nodeName('self', selfHost),
  });
  const warnings: MusterError[] = [];
  const errors: MusterError[] = [];
  strategy.on('warning', (w) => warnings.push(w));
  strategy.on('error', (e) => errors.push(e));
  return { strategy, warnings, errors };
}
