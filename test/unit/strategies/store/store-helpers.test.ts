import { describe, expect, it } from 'vitest';
import { splitEndpoints } from '../../../../src/strategies/etcd/etcd-driver.js';
import { loadPeer, requirePeer } from '../../../../src/strategies/store/peer-dependency.js';
import { redactUrl } from '../../../../src/strategies/store/redact-url.js';
import { PeerDependencyMissingError } from '../../../../src/strategies/store/store-errors.js';

describe('redactUrl', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/app', 'postgres://[redacted]@db:5432/app'],
    ['postgres://app:s3cret@db/app?sslmode=require&password=x', 'postgres://[redacted]@db/app'],
    ['redis://:s3cret@cache:6379/0', 'redis://[redacted]@cache:6379/0'],
    ['redis://default@cache:6379', 'redis://[redacted]@cache:6379'],
    ['http://127.0.0.1:2379', 'http://127.0.0.1:2379'],
    ['postgres://%zz:s3cret@db/app', 'postgres://[redacted]@db/app'],
    ['postgres://app:s3cret@[db/app', 'postgres://[unparsable address]'],
    ['not a url s3cret', '[unparsable address]'],
  ])('%s -> %s', (raw, redacted) => {
    expect(redactUrl(raw)).toBe(redacted);
    expect(redactUrl(raw)).not.toContain('s3cret');
  });
});

describe('optional peer dependencies', () => {
  it('names the missing package and how to install it', async () => {
    const missing = 'muster-no-such-package-for-tests';
    expect(() => requirePeer(missing, 'postgres')).toThrow(PeerDependencyMissingError);
    const err = await loadPeer(missing, 'postgres', () => import(missing)).catch((e) => e);
    expect(err).toBeInstanceOf(PeerDependencyMissingError);
    expect(err.code).toBe('MUSTER_ERR_PEER_DEPENDENCY_MISSING');
    expect(err.message).toContain(`npm install ${missing}`);
  });

  it('passes other import failures through', async () => {
    const boom = new Error('syntax error in the package');
    await expect(loadPeer('pg', 'postgres', () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('finds the installed ones', () => {
    for (const dep of ['pg', 'redis', 'etcd3']) expect(() => requirePeer(dep, dep)).not.toThrow();
  });
});

describe('etcd endpoints', () => {
  it('moves user info out of the URLs into etcd3 auth', () => {
    expect(splitEndpoints(['http://root:p%40ss@127.0.0.1:2379', 'http://127.0.0.2:2379'])).toEqual({
      hosts: ['http://127.0.0.1:2379', 'http://127.0.0.2:2379'],
      auth: { username: 'root', password: 'p@ss' },
    });
    expect(splitEndpoints(['https://127.0.0.1:2379']).auth).toBeUndefined();
  });
});
