/**
 * A child process running one store strategy, so a test can kill -9 a node. Forked with
 * `--import tsx`; argv: <strategy> <config JSON> <self> [clock skew in ms].
 * The child sends { op: 'connected' } once its first session is up, then { op: 'known', nodes }
 * after every diff. A skew makes the strategy's clock run ahead: the store must not care.
 */
import type { Clock } from '../../src/core/clock.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { toNodeName } from '../../src/core/node-name.js';
import { type StoreStrategyName, storeStrategyClass } from './store-nodes.js';

const [strategy, rawConfig, self, skew] = process.argv.slice(2) as [
  StoreStrategyName,
  string,
  string,
  string | undefined,
];
const ahead = Number(skew ?? 0);
const clock: Clock = { ...systemClock, now: () => Date.now() + ahead };
const Class = storeStrategyClass(strategy);
const node = new Class({
  topology: 'child',
  config: Class.parseConfig(JSON.parse(rawConfig)) as never,
  logger: silentLogger(),
  clock,
  self: toNodeName(self),
});
node.on('diff', () => process.send?.({ op: 'known', nodes: [...node.known()] }));
node.on('error', () => {});
await node.start();
await node.whenConnected();
process.send?.({ op: 'connected' });
process.on('message', async (msg: { op: string }) => {
  if (msg.op === 'stop') {
    await node.stop();
    process.exit(0);
  }
});
