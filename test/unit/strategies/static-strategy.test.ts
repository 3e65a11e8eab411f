import { expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { StaticStrategy } from '../../../src/strategies/static-strategy.js';
import { n } from '../../helpers/reconciler-harness.js';
import { strategyComplianceSuite } from '../../helpers/strategy-compliance.js';

const initial = [n('app@127.50.4.1'), n('app@127.50.4.2')];

strategyComplianceSuite('static', {
  initial,
  extra: [n('app@127.50.4.3')],
  async create() {
    return {
      strategy: new StaticStrategy({
        topology: 'static',
        config: StaticStrategy.parseConfig({ nodes: initial }),
        logger: silentLogger(),
        clock: systemClock,
        self: n('app@127.50.4.9'),
      }),
    };
  },
  async cleanup() {},
});

it('dedupes and canonicalises the static list', () => {
  expect(StaticStrategy.parseConfig({ nodes: ['a@HOST', 'a@host'] }).nodes).toEqual([
    'a@host',
    'a@host',
  ]);
});
