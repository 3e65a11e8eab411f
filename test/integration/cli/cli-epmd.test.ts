import { describe, expect, it } from 'vitest';
import { names, registerNode } from '../../../src/epmd/epmd-client.js';
import { startCli } from './cli-process.js';

const HOST = '127.61.3.1';

describe('muster epmd', { timeout: 60_000 }, () => {
  it('answers NAMES and shows registrations until SIGTERM', async () => {
    const cli = startCli(['epmd', '--port', '0', '--address', HOST]);
    try {
      const [, port] = await cli.waitForLine(
        /^muster epmd: listening on 127\.61\.3\.1 port (\d+)$/,
      );
      const epmdPort = Number(port);
      expect(await names(HOST, epmdPort)).toEqual([]);
      const registration = await registerNode(HOST, epmdPort, { name: 'hello', port: 4370 });
      await cli.waitForLine(/^\+ hello 4370$/);
      expect(await names(HOST, epmdPort)).toEqual([{ name: 'hello', port: 4370 }]);
      await registration.close();
      await cli.waitForLine(/^- hello$/);
    } finally {
      cli.child.kill('SIGTERM');
    }
    const r = await cli.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('exits 1 with a coded error when the port is taken', async () => {
    const first = startCli(['epmd', '--port', '0', '--address', '127.61.3.2']);
    try {
      const [, port] = await first.waitForLine(/port (\d+)$/);
      const second = startCli(['epmd', '--port', port!, '--address', '127.61.3.2']);
      const r = await second.exited;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^muster: MUSTER_ERR_EPMD\w*: /);
    } finally {
      first.child.kill('SIGTERM');
    }
    expect((await first.exited).code).toBe(0);
  });
});
