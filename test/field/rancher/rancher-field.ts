import { afterEach } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import type { RancherMetadataStrategy } from '../../../src/strategies/rancher-metadata/rancher-metadata-strategy.js';
import type { RancherMetadataEmulator } from '../../../src/testing/rancher-metadata-emulator.js';
import { rancherStrategy, recordEvents, startEmulator } from '../../helpers/rancher-fixtures.js';

/**
 * The setup every Rancher field test shares: an emulator on `host` serving the service
 * prod/hello, a strategy watching it, both stopped after each test.
 */
export function rancherField(host: string) {
  let md: RancherMetadataEmulator | undefined;
  let strategy: RancherMetadataStrategy | undefined;
  afterEach(async () => {
    await strategy?.stop();
    strategy = undefined;
    await md?.stop();
    md = undefined;
  });
  return {
    /** Starts the emulator with `scale` containers in prod/hello; returns it and their names. */
    async emulator(scale: number): Promise<{ md: RancherMetadataEmulator; names: string[] }> {
      md = await startEmulator(host);
      return { md, names: md.addService({ stack: 'prod', name: 'hello', scale }) };
    },
    /** A strategy on prod/hello (not started) with its events recorded. */
    strategy(raw: Record<string, unknown> = {}, clock?: Clock) {
      if (md === undefined) throw new Error('start the emulator first');
      strategy = rancherStrategy(
        { url: md.url, service: { stack: 'prod', name: 'hello' }, ...raw },
        clock,
      );
      return { strategy, log: recordEvents(strategy) };
    },
  };
}
