import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Logger } from '../../src/core/logger.js';

/** A real pino logger at debug whose lines a test can read and wait for. */
export function capturedLogger(): {
  logger: Logger;
  lines: { msg: string; [key: string]: unknown }[];
  /** Resolves with the first line (already logged or to come) whose msg matches. */
  waitFor(match: RegExp): Promise<{ msg: string }>;
} {
  const lines: { msg: string }[] = [];
  const waiters: { match: RegExp; resolve: (line: { msg: string }) => void }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text === '') continue;
        const line = JSON.parse(text) as { msg: string };
        lines.push(line);
        for (const w of waiters.splice(0)) {
          if (w.match.test(line.msg)) w.resolve(line);
          else waiters.push(w);
        }
      }
      done();
    },
  });
  const logger = pino({ level: 'debug' }, stream) as unknown as Logger;
  return {
    logger,
    lines,
    waitFor(match) {
      const seen = lines.find((l) => match.test(l.msg));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}
