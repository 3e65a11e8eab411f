import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { parseEtcdConfig } from '../../../../src/strategies/etcd/etcd-config.js';
import { parsePostgresConfig } from '../../../../src/strategies/postgres/postgres-config.js';
import { parseRedisConfig } from '../../../../src/strategies/redis/redis-config.js';

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const PG = 'postgres://muster:pw@127.0.0.1:5432/app';
const REDIS = 'redis://:pw@127.0.0.1:6379/0';

describe('store strategy configs', () => {
  it('fills the issue-19 defaults', () => {
    expect(parsePostgresConfig({ connectionString: PG })).toEqual({
      connectionString: PG,
      channel: 'muster',
      table: 'muster_nodes',
      heartbeatInterval: 5000,
      ttl: 15000,
    });
    expect(parseRedisConfig({ url: REDIS })).toEqual({
      url: REDIS,
      prefix: 'muster:',
      heartbeatInterval: 5000,
      ttl: 15000,
    });
    expect(parseEtcdConfig({ endpoints: ['http://127.0.0.1:2379'] })).toEqual({
      endpoints: ['http://127.0.0.1:2379'],
      prefix: '/muster/',
      ttl: 15000,
    });
  });

  it.each([
    ['equal', 5000, 5000],
    ['above', 20000, 15000],
  ])('rejects a heartbeatInterval %s ttl at config time', (_, heartbeatInterval, ttl) => {
    for (const parse of [
      () => parsePostgresConfig({ connectionString: PG, heartbeatInterval, ttl }),
      () => parseRedisConfig({ url: REDIS, heartbeatInterval, ttl }),
    ]) {
      const err = configError(parse);
      expect(err.path).toBe('heartbeatInterval');
      expect(err.message).toContain('below ttl');
    }
  });

  it.each([
    [() => parsePostgresConfig({ connectionString: 'mysql://x' }), 'connectionString'],
    [() => parsePostgresConfig({ connectionString: PG, table: 'x; DROP TABLE y' }), 'table'],
    [() => parsePostgresConfig({ connectionString: PG, table: 'a.b.c' }), 'table'],
    [() => parsePostgresConfig({ connectionString: PG, channel: 'a-b' }), 'channel'],
    [() => parsePostgresConfig({ connectionString: PG, ttl: 0 }), 'ttl'],
    [() => parseRedisConfig({ url: 'http://127.0.0.1' }), 'url'],
    [() => parseRedisConfig({ url: REDIS, prefix: 'has space' }), 'prefix'],
    [() => parseEtcdConfig({ endpoints: [] }), 'endpoints'],
    [() => parseEtcdConfig({ endpoints: ['127.0.0.1:2379'] }), 'endpoints[0]'],
    [() => parseEtcdConfig({ endpoints: ['http://127.0.0.1:2379'], ttl: 999 }), 'ttl'],
    [
      () => parseEtcdConfig({ endpoints: ['http://127.0.0.1:2379'], heartbeatInterval: 1 }),
      'heartbeatInterval',
    ],
  ])('names the bad key (%#)', (parse, path) => {
    expect(configError(parse).path).toBe(path);
  });

  it('accepts a schema-qualified table', () => {
    expect(parsePostgresConfig({ connectionString: PG, table: 'ops.members' }).table).toBe(
      'ops.members',
    );
  });
});
