import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config.js';
import { ConfigError, MissingVariableError } from '../../../src/core/errors.js';

const base = {
  name: 'hello@127.50.0.1',
  cookie: 'config-test-cookie',
  topologies: { dev: { strategy: 'static', config: { nodes: ['hello@127.50.0.2'] } } },
};

function errorOf(raw: unknown, env: Record<string, string | undefined> = {}): ConfigError {
  try {
    resolveConfig(raw, { env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('resolveConfig', () => {
  it('accepts a minimal config and fills defaults', () => {
    const c = resolveConfig(base, { env: {} });
    expect(c.name).toBe('hello@127.50.0.1');
    expect(c.transport).toMatchObject({ kind: 'tcp', port: 4370, tickTime: 15_000, epmd: false });
    expect(c.debounceMs).toBe(25);
    expect(c.topologies).toEqual([
      {
        name: 'dev',
        strategy: 'static',
        config: { nodes: ['hello@127.50.0.2'] },
        disconnectOnRemove: true,
      },
    ]);
  });

  it.each([
    [{ ...base, name: 42 }, 'name', 'a node name'],
    [{ ...base, name: 'no-host' }, 'name', 'basename@host'],
    [{ ...base, cookie: undefined }, 'cookie', 'requires a shared cookie'],
    [{ ...base, cookie: '' }, 'cookie', 'non-empty'],
    // Issue 14, case 5: a short cookie falls to offline guessing of a captured proof.
    [{ ...base, cookie: 'fifteen-chars-x' }, 'cookie', 'at least 16 characters'],
    [{ ...base, nmae: 'x' }, 'nmae', 'no such key'],
    [{ ...base, debounce: -1 }, 'debounce', '>= 0'],
    [{ ...base, connectConcurrency: 0 }, 'connectConcurrency', 'positive integer'],
    [{ ...base, retry: { maxDelay: 'soon' } }, 'retry.maxDelay', 'milliseconds'],
    [
      { ...base, transport: { kind: 'carrier-pigeon' } },
      'transport.kind',
      "'tcp', 'callback' or 'none'",
    ],
    [{ ...base, transport: { kind: 'tcp', port: 70000 } }, 'transport.port', 'port number'],
    [{ ...base, transport: { kind: 'tcp', tickTime: 0 } }, 'transport.tickTime', 'milliseconds'],
    [
      { ...base, transport: { kind: 'callback', connect: () => true } },
      'transport.disconnect',
      'function',
    ],
    [{ ...base, topologies: [] }, 'topologies', 'mapping topology names'],
    [{ ...base, topologies: { web: {} } }, 'topologies.web.strategy', 'strategy name'],
    [
      { ...base, topologies: { web: { strategy: 'nope' } } },
      'topologies.web.strategy',
      'registered strategy',
    ],
    [
      { ...base, topologies: { web: { strategy: 'static', config: { nodes: ['bad'] } } } },
      'topologies.web.config.nodes[0]',
      'node name',
    ],
    [
      { ...base, topologies: { web: { strategy: 'static', config: { nodes: [], nodez: [] } } } },
      'topologies.web.config.nodez',
      'no such key',
    ],
    [
      { ...base, topologies: { web: { strategy: 'static', disconnectOnRemove: 'no' } } },
      'topologies.web.disconnectOnRemove',
      'true or false',
    ],
    [{ ...base, logLevel: 'loud' }, 'logLevel', 'one of'],
    [
      { ...base, retry: { initialDelay: 5000, maxDelay: 10 } },
      'retry.maxDelay',
      '>= retry.initialDelay',
    ],
    [{ ...base, retry: { initialDelay: 60_000 } }, 'retry.maxDelay', '>= retry.initialDelay'],
    // Node fires a setTimeout over 2^31 - 1 ms after 1 ms: no such timeouts.
    [{ ...base, connectTimeout: 2 ** 31 }, 'connectTimeout', 'at most 2147483647'],
    [{ ...base, startTimeout: -1 }, 'startTimeout', '>= 0'],
    [{ ...base, logger: {} }, 'logger', 'pino logger'],
    [{ ...base, identity: { kind: 'crystal-ball' } }, 'identity.kind', 'one of'],
  ])('rejects bad shape #%# at its path', (raw, path, expected) => {
    const err = errorOf(raw);
    expect(err.code).toBe('MUSTER_ERR_CONFIG');
    expect(err.path).toBe(path);
    expect(err.message).toContain(expected);
    expect(err.message).toContain(path);
  });

  it('checks MUSTER_LOG_LEVEL at createCluster, naming the variable', () => {
    const err = errorOf(base, { MUSTER_LOG_LEVEL: 'verbose' });
    expect(err.path).toBe('MUSTER_LOG_LEVEL');
    expect(err.message).toContain('"verbose"');
    expect(resolveConfig(base, { env: { MUSTER_LOG_LEVEL: 'debug' } }).logLevel).toBe('debug');
    // The config's own level wins, and the variable is then not read at all.
    const own = resolveConfig({ ...base, logLevel: 'info' }, { env: { MUSTER_LOG_LEVEL: 'x' } });
    expect(own.logLevel).toBe('info');
  });

  it('rejects a config that is not an object', () => {
    expect(errorOf('hello').path).toBe('');
    expect(errorOf(null).message).toContain('plain config object');
  });

  it('never echoes a long string (a cookie) back in an error', () => {
    const cookie = 'x'.repeat(100);
    const err = errorOf({ ...base, cookie, name: cookie });
    expect(err.message).not.toContain(cookie);
  });

  it('reads ${VAR} from the environment, with :- fallbacks', () => {
    const c = resolveConfig(
      { ...base, name: 'hello@${MY_IP}', cookie: '${COOKIE:-fallback-cookie-value}' },
      { env: { MY_IP: '127.50.0.9' } },
    );
    expect(c.name).toBe('hello@127.50.0.9');
    expect(c.cookie).toBe('fallback-cookie-value');
  });

  it('names a missing variable and where it was used', () => {
    try {
      resolveConfig(
        { ...base, topologies: { dev: { strategy: 'static', config: { nodes: ['a@${PEER}'] } } } },
        { env: {} },
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MissingVariableError);
      expect((err as MissingVariableError).variable).toBe('PEER');
      expect((err as Error).message).toContain('topologies.dev.config.nodes[0]');
    }
  });

  describe('environments', () => {
    const multi = {
      ...base,
      environments: {
        development: { topologies: { dev: { strategy: 'static', config: { nodes: [] } } } },
        production: { cookie: 'production-cookie-value', debounce: 100 },
      },
    };

    it('picks the block named by MUSTER_ENV over NODE_ENV and merges it', () => {
      const c = resolveConfig(multi, {
        env: { MUSTER_ENV: 'production', NODE_ENV: 'development' },
      });
      expect(c.environment).toBe('production');
      expect(c.cookie).toBe('production-cookie-value');
      expect(c.debounceMs).toBe(100);
      expect(c.topologies[0]!.config).toEqual({ nodes: ['hello@127.50.0.2'] });
    });

    it('falls back to NODE_ENV', () => {
      const c = resolveConfig(multi, { env: { NODE_ENV: 'development' } });
      expect(c.topologies[0]!.config).toEqual({ nodes: [] });
    });

    it('uses the shared keys alone when no environment is named', () => {
      expect(resolveConfig(multi, { env: {} }).environment).toBeUndefined();
    });

    it('refuses an environment that has no block', () => {
      const err = errorOf(multi, { NODE_ENV: 'staging' });
      expect(err.path).toBe('environments');
      expect(err.message).toContain('staging');
      expect(err.message).toContain('development, production');
    });

    it('uses a default block for unnamed environments', () => {
      const c = resolveConfig(
        { ...base, environments: { default: { debounce: 7 } } },
        { env: { NODE_ENV: 'staging' } },
      );
      expect(c.debounceMs).toBe(7);
    });

    it('validates keys inside the chosen block with their merged path', () => {
      const err = errorOf(
        { ...base, environments: { ci: { debounce: 'x' } } },
        { MUSTER_ENV: 'ci' },
      );
      expect(err.path).toBe('debounce');
    });
  });
});

describe('admission settings', () => {
  it("defaults to admit: 'wanted', a wait below the handshake timeout, and a poll interval", () => {
    const c = resolveConfig(base, { env: {} });
    expect([c.admit, c.admitWaitMs, c.admitPollIntervalMs]).toEqual(['wanted', 2_000, 1_000]);
    const quick = resolveConfig(
      { ...base, transport: { kind: 'tcp', handshakeTimeout: 1_000 } },
      { env: {} },
    );
    expect(quick.admitWaitMs).toBe(500);
    expect(resolveConfig({ ...base, admit: 'any' }, { env: {} }).admit).toBe('any');
  });

  it.each([
    [{ ...base, admit: 'all' }, 'admit', "'wanted' or 'any'"],
    [{ ...base, admitWait: 0 }, 'admitWait', 'milliseconds'],
    [{ ...base, admitPollInterval: -1 }, 'admitPollInterval', '>= 0'],
    [
      { ...base, admitWait: 5_000, transport: { kind: 'tcp', handshakeTimeout: 5_000 } },
      'admitWait',
      'handshakeTimeout (5000)',
    ],
  ])('rejects %j at %s', (raw, path, expected) => {
    const err = errorOf(raw);
    expect(err.path).toBe(path);
    expect(err.message).toContain(expected);
  });
});
