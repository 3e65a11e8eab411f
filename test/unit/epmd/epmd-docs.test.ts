import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHostsErlang } from '../../../src/epmd/hosts-erlang.js';
import { EpmdStrategy } from '../../../src/strategies/epmd-strategy.js';

const doc = readFileSync(new URL('../../../docs/strategies/epmd.md', import.meta.url), 'utf8');

describe('docs/strategies/epmd.md examples', () => {
  it('the .hosts.erlang example parses', () => {
    const block = /```erlang\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    expect(parseHostsErlang(block!)).toEqual([
      'app1.example.com',
      'app2.example.com',
      '10.0.0.13',
      'localhost',
    ]);
  });

  it('the strategy config example is valid', () => {
    const config = /config: (\{ hosts: .*\}),\n/.exec(doc)?.[1];
    expect(config).toBeDefined();
    // The example is a JS object literal with a RegExp; evaluate it as such.
    const raw = new Function(`return (${config});`)() as unknown;
    expect(EpmdStrategy.parseConfig(raw)).toMatchObject({
      hosts: ['10.0.0.11', '10.0.0.12'],
      pollingInterval: 5000,
    });
  });
});
