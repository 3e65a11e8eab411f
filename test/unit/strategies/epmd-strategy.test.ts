import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { epmdPortFromEnv } from '../../../src/epmd/epmd-defaults.js';
import { EpmdStrategy } from '../../../src/strategies/epmd-strategy.js';

function configError(raw: unknown): ConfigError {
  try {
    EpmdStrategy.parseConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('EpmdStrategy.parseConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muster-epmd-config-'));
    await writeFile(join(dir, 'good'), "'a.example'.\n'10.0.0.1'.\n");
    await writeFile(join(dir, 'bad'), "'a.example'\n");
    await writeFile(join(dir, 'badhost'), "'not a host'.\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('fills in the defaults', () => {
    const saved = process.env.ERL_EPMD_PORT;
    delete process.env.ERL_EPMD_PORT;
    try {
      expect(EpmdStrategy.parseConfig({ hosts: ['Host1.Example', '[::1]'] })).toEqual({
        hosts: ['host1.example', '::1'],
        epmdPort: 4369,
        pollingInterval: 5000,
        timeout: 5000,
      });
    } finally {
      if (saved !== undefined) process.env.ERL_EPMD_PORT = saved;
    }
  });

  it('takes ERL_EPMD_PORT when epmdPort is not given', () => {
    expect(epmdPortFromEnv({ ERL_EPMD_PORT: '4400' })).toBe(4400);
    expect(epmdPortFromEnv({ ERL_EPMD_PORT: 'nope' })).toBe(4369);
    expect(epmdPortFromEnv({ ERL_EPMD_PORT: '70000' })).toBe(4369);
    expect(epmdPortFromEnv({})).toBe(4369);
  });

  it('accepts names as a list or a RegExp, and a hostsFile', () => {
    expect(EpmdStrategy.parseConfig({ hosts: ['a'], names: ['web'] }).names).toEqual(['web']);
    expect(EpmdStrategy.parseConfig({ hosts: ['a'], names: /^web/ }).names).toEqual(/^web/);
    expect(EpmdStrategy.parseConfig({ hostsFile: join(dir, 'good') }).hostsFile).toBe(
      join(dir, 'good'),
    );
  });

  it('names the offending key', () => {
    expect(configError({}).path).toBe('hosts');
    expect(configError({ hosts: ['a'], hostsFile: join(dir, 'good') }).path).toBe('hostsFile');
    expect(configError({ hosts: [] }).path).toBe('hosts');
    expect(configError({ hosts: ['not a host'] }).path).toBe('hosts[0]');
    expect(configError({ hosts: 'a' }).path).toBe('hosts');
    expect(configError({ hosts: ['a'], epmdPort: 0 }).path).toBe('epmdPort');
    expect(configError({ hosts: ['a'], epmdPort: 70_000 }).path).toBe('epmdPort');
    expect(configError({ hosts: ['a'], pollingInterval: -1 }).path).toBe('pollingInterval');
    expect(configError({ hosts: ['a'], names: 'web' }).path).toBe('names');
    expect(configError({ hosts: ['a'], hots: 1 }).path).toBe('hots');
    expect(configError({ hostsFile: join(dir, 'missing') }).path).toBe('hostsFile');
    expect(configError({ hostsFile: join(dir, 'bad') }).path).toBe('hostsFile');
    expect(configError({ hostsFile: join(dir, 'badhost') }).path).toBe('hostsFile');
  });
});
