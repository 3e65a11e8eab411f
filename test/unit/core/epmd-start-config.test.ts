import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/config.js';
import { ConfigError } from '../../../src/core/errors.js';

const base = {
  name: 'hello@127.132.0.1',
  cookie: 'secret-secret-secret',
  topologies: { dev: { strategy: 'static', config: { nodes: ['hello@127.132.0.2'] } } },
};

describe('transport.epmd.start', () => {
  it('takes the four documented choices', () => {
    for (const start of ['daemon', 'embedded-daemon', 'in-process', 'never']) {
      const c = resolveConfig(
        { ...base, transport: { kind: 'tcp', epmd: { start } } },
        { env: {} },
      );
      expect(c.transport).toMatchObject({ epmd: { start } });
    }
  });

  it('names the key and the choices when the value is wrong', () => {
    expect(() =>
      resolveConfig(
        { ...base, transport: { kind: 'tcp', epmd: { start: 'forked' } } },
        { env: {} },
      ),
    ).toThrow(ConfigError);
    try {
      resolveConfig(
        { ...base, transport: { kind: 'tcp', epmd: { start: 'forked' } } },
        { env: {} },
      );
    } catch (err) {
      expect((err as Error).message).toMatch(/transport\.epmd: .*'daemon'/);
    }
  });
});
