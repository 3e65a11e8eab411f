import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createDefaultLogger } from '../../../src/core/logger.js';

it('redacts the cookie wherever a config or transport object is logged', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = createDefaultLogger('info', sink);
  const secret = 'super-secret-cookie';
  logger
    .child({ topology: 't' })
    .info({ cookie: secret, config: { cookie: secret }, transport: { cookie: secret } }, 'x');
  expect(lines.join('')).not.toContain(secret);
  expect(lines.join('')).toContain('[redacted]');
});
