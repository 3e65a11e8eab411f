import { type Clock, systemClock } from '../../src/core/clock.js';
import type { MusterError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { type NodeName, toNodeName } from '../../src/core/node-name.js';
import type { NodeDiff } from '../../src/core/node-set-diff.js';
import type { Strategy } from '../../src/core/strategy.js';
import { RancherMetadataStrategy } from '../../src/strategies/rancher-metadata/rancher-metadata-strategy.js';
import { RancherMetadataEmulator } from '../../src/testing/rancher-metadata-emulator.js';

/** Builds a started-ready-to-start strategy on the emulator's URL (never the real host). */
export function rancherStrategy(
  raw: Record<string, unknown>,
  clock: Clock = systemClock,
): RancherMetadataStrategy {
  const config = RancherMetadataStrategy.parseConfig({ nodeBasename: 'hello', ...raw });
  return new RancherMetadataStrategy({
    topology: 'rancher',
    config,
    logger: silentLogger(),
    clock,
    self: toNodeName('hello@10.42.0.2'),
  });
}

/** Starts an emulator on `host` (inside this suite's 127.40.0.0/16 range), port 0. */
export async function startEmulator(host: string): Promise<RancherMetadataEmulator> {
  const md = new RancherMetadataEmulator({ host });
  await md.start();
  return md;
}

/** Records every event of a strategy. */
export function recordEvents(strategy: Strategy) {
  const diffs: NodeDiff[] = [];
  const errors: MusterError[] = [];
  const warnings: MusterError[] = [];
  strategy.on('diff', (d) => diffs.push(d));
  strategy.on('error', (e) => errors.push(e));
  strategy.on('warning', (w) => warnings.push(w));
  return { diffs, errors, warnings };
}

/** The next event of that kind. */
export function nextEvent<E extends 'diff' | 'error' | 'warning'>(
  strategy: Strategy,
  event: E,
): Promise<E extends 'diff' ? NodeDiff : MusterError> {
  return new Promise((resolve) => {
    strategy.once(event, (value: NodeDiff | MusterError) =>
      resolve(value as E extends 'diff' ? NodeDiff : MusterError),
    );
  });
}

/** The node names the strategy should report for these containers of the emulator. */
export function namesOf(
  md: RancherMetadataEmulator,
  containers: readonly string[],
  basename = 'hello',
): NodeName[] {
  return containers.map((c) => toNodeName(`${basename}@${md.ipOf(c)}`)).sort();
}

export const sortedNames = (xs: Iterable<string>): string[] => [...xs].sort();
