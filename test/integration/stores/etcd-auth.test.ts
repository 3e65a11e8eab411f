import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EtcdServer, hasEtcd, startEtcd } from '../../helpers/etcd-server.js';
import { captureLogger, storeNode } from '../../helpers/store-nodes.js';

// This file owns 127.137.4.0/24.
const PASSWORD = 'etcd-secret-51c0d2';
let server: EtcdServer;

describe.skipIf(!hasEtcd())('etcd strategy with etcd authentication on', () => {
  beforeAll(async () => {
    server = await startEtcd('127.137.4.1');
    const admin = new Etcd3({ hosts: server.endpoint });
    await admin.role('root').create();
    const root = await admin.user('root').create(PASSWORD);
    await root.addRole('root');
    await admin.auth.authEnable();
    admin.close();
  }, 60_000);
  afterAll(() => server.stop());

  const withAuth = (password: string) =>
    server.endpoint.replace('http://', `http://root:${encodeURIComponent(password)}@`);

  it('authenticates with the user info of the endpoint URL and never logs the password', async () => {
    const { logger, text } = captureLogger();
    const config = { endpoints: [withAuth(PASSWORD)], prefix: '/auth/', ttl: 3000 };
    const a = storeNode('etcd', config, 'hello@127.137.4.10', { logger });
    const b = storeNode('etcd', config, 'hello@127.137.4.11');
    try {
      await Promise.all([a.strategy.start(), b.strategy.start()]);
      await a.waitForKnown(['hello@127.137.4.10', 'hello@127.137.4.11']);
      await a.strategy.whenConnected();
      expect(a.errors).toEqual([]);
      const log = text();
      expect(log).toContain('store session established');
      expect(log).not.toContain(PASSWORD);
    } finally {
      await Promise.all([a.strategy.stop(), b.strategy.stop()]);
    }
  });

  it('reports a wrong password as a coded error without the password in it', async () => {
    const wrong = 'wrong-password-9e1f';
    const node = storeNode(
      'etcd',
      { endpoints: [withAuth(wrong)], prefix: '/auth/', ttl: 3000 },
      'hello@127.137.4.12',
    );
    const failed = node.nextError();
    await node.strategy.start();
    const err = await failed;
    await node.strategy.stop();
    expect(err.code).toBe('MUSTER_ERR_STORE_UNAVAILABLE');
    expect(err.message).not.toContain(wrong);
    expect(JSON.stringify(err)).not.toContain(wrong);
    expect(node.strategy.known().size).toBe(0);
  });
});
