import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../src/core/errors.js';
import { RancherMetadataStrategy } from '../../../../src/strategies/rancher-metadata/rancher-metadata-strategy.js';

function pathOf(raw: unknown): string {
  try {
    RancherMetadataStrategy.parseConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).path;
  }
  throw new Error('expected a ConfigError');
}

describe('RancherMetadataStrategy.parseConfig', () => {
  it('fills the documented defaults', () => {
    expect(RancherMetadataStrategy.parseConfig({ nodeBasename: 'hello' })).toEqual({
      nodeBasename: 'hello',
      pollingInterval: 5000,
      url: 'http://rancher-metadata',
      apiVersion: 'latest',
      service: undefined,
      requireHealthy: true,
      timeout: 5000,
      longPoll: true,
      longPollMaxWait: 30_000,
      maxBodyBytes: 4 * 1024 * 1024,
    });
  });

  it('accepts every documented key', () => {
    const c = RancherMetadataStrategy.parseConfig({
      nodeBasename: 'hello',
      pollingInterval: 1000,
      url: 'http://127.40.0.1:8080',
      apiVersion: '2015-07-25',
      service: { stack: 'prod', name: 'my-hello-service' },
      requireHealthy: false,
      timeout: 250,
    });
    expect(c.service).toEqual({ stack: 'prod', name: 'my-hello-service' });
    expect(c.apiVersion).toBe('2015-07-25');
  });

  it('names the bad key', () => {
    expect(pathOf({})).toBe('nodeBasename');
    expect(pathOf({ nodeBasename: 'bad name' })).toBe('nodeBasename');
    expect(pathOf({ nodeBasename: 'a', pollingInterval: -1 })).toBe('pollingInterval');
    expect(pathOf({ nodeBasename: 'a', url: 'rancher-metadata' })).toBe('url');
    expect(pathOf({ nodeBasename: 'a', url: 'https://x' })).toBe('url');
    // The client appends /<apiVersion>/...: a path would be asked for as /latest/latest/...
    expect(pathOf({ nodeBasename: 'a', url: 'http://rancher-metadata/latest' })).toBe('url');
    expect(pathOf({ nodeBasename: 'a', url: 'http://rancher-metadata/2015-12-19/' })).toBe('url');
    expect(pathOf({ nodeBasename: 'a', url: 'http://rancher-metadata?x=1' })).toBe('url');
    expect(pathOf({ nodeBasename: 'a', url: 'http://u:p@rancher-metadata' })).toBe('url');
    expect(pathOf({ nodeBasename: 'a', pollingInterval: 2 ** 31 })).toBe('pollingInterval');
    expect(pathOf({ nodeBasename: 'a', apiVersion: 'v1' })).toBe('apiVersion');
    expect(pathOf({ nodeBasename: 'a', service: { stack: 'prod' } })).toBe('service.name');
    expect(pathOf({ nodeBasename: 'a', service: 'prod/hello' })).toBe('service');
    expect(pathOf({ nodeBasename: 'a', requireHealthy: 'yes' })).toBe('requireHealthy');
    expect(pathOf({ nodeBasename: 'a', timeout: 0 })).toBe('timeout');
    expect(pathOf({ nodeBasename: 'a', pollinginterval: 5 })).toBe('pollinginterval');
  });

  it('says what was expected', () => {
    expect(() =>
      RancherMetadataStrategy.parseConfig({ nodeBasename: 'a', apiVersion: 'v1' }),
    ).toThrow(/apiVersion: expected one of 'latest', '2015-12-19', '2015-07-25', got "v1"/);
  });
});
