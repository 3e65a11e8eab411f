import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import { defaults } from '../../../../src/core/defaults.js';
import { ConfigError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/core/logger.js';
import { TcpTransport } from '../../../../src/transport/tcp/tcp-transport.js';

const context = {
  logger: silentLogger(),
  clock: systemClock,
  cookie: 'from-test-cookie-0123456789',
};

describe('TcpTransport.from (docs/transports.md, muster-cluster/tcp)', () => {
  it('fills every default a plain config leaves out, and keeps what it sets', () => {
    const transport = TcpTransport.from({ port: 0, tickTime: 30_000 }, context);
    const options = (transport as unknown as { options: Record<string, unknown> }).options;
    expect(options).toMatchObject({
      kind: 'tcp',
      port: 0,
      tickTime: 30_000,
      handshakeTimeout: defaults.handshakeTimeoutMs,
      maxFrameSize: defaults.maxFrameSize,
      maxSendBuffer: defaults.maxSendBuffer,
    });
  });

  it('throws ConfigError naming the bad field', () => {
    let caught: unknown;
    try {
      TcpTransport.from({ port: -1 }, context);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).path).toBe('port');
  });
});
