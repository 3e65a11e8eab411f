import { connect, type Socket } from 'node:net';
import { MusterError } from '../core/errors.js';
import { epmdDefaults } from './epmd-defaults.js';
import {
  EpmdAbortedError,
  EpmdProtocolError,
  EpmdTimeoutError,
  EpmdUnreachableError,
} from './epmd-errors.js';

export interface EpmdRequestOptions {
  /** Cancels the request; it then rejects with MUSTER_ERR_EPMD_ABORTED. */
  readonly signal?: AbortSignal;
  /** Milliseconds for connect + request + reply; default 5,000. */
  readonly timeout?: number;
}

/** What `exchange` feeds the bytes of a reply to. */
export interface ReplyReader<T> {
  /** Returns the reply once complete; `undefined` asks for more bytes. May throw. */
  data(chunk: Buffer): T | undefined;
  /** The peer closed the connection before `data` returned a reply. */
  end(): T;
}

/**
 * Connects to an EPMD, writes one request and reads its reply with `reader`. Every failure is
 * an EpmdError: refused or reset (UNREACHABLE), too slow (TIMEOUT), cancelled (ABORTED),
 * garbage (PROTOCOL). With `keep`, the socket is handed back open after the reply (ALIVE2).
 */
export function exchange<T>(
  host: string,
  port: number,
  request: Buffer,
  reader: ReplyReader<T>,
  options: EpmdRequestOptions & { keep: true },
): Promise<{ reply: T; socket: Socket }>;
export function exchange<T>(
  host: string,
  port: number,
  request: Buffer,
  reader: ReplyReader<T>,
  options?: EpmdRequestOptions & { keep?: false },
): Promise<{ reply: T; socket: undefined }>;
export function exchange<T>(
  host: string,
  port: number,
  request: Buffer,
  reader: ReplyReader<T>,
  options: EpmdRequestOptions & { keep?: boolean } = {},
): Promise<{ reply: T; socket: Socket | undefined }> {
  const timeoutMs = options.timeout ?? epmdDefaults.requestTimeoutMs;
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new EpmdAbortedError(host, port, signal.reason));
      return;
    }
    const socket = connect({ host, port });
    let done = false;
    const finish = (err: MusterError | undefined, reply?: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (err !== undefined) {
        socket.destroy();
        reject(err);
      } else if (options.keep) {
        resolve({ reply: reply as T, socket });
      } else {
        socket.destroy();
        resolve({ reply: reply as T, socket: undefined });
      }
    };
    const fail = (err: unknown) => finish(asEpmdError(err, host, port));
    const onData = (chunk: Buffer) => {
      try {
        const reply = reader.data(chunk);
        if (reply !== undefined) finish(undefined, reply);
      } catch (err) {
        fail(err);
      }
    };
    const onEnd = () => {
      try {
        finish(undefined, reader.end());
      } catch (err) {
        fail(err);
      }
    };
    const onError = (err: Error) => fail(new EpmdUnreachableError(host, port, err));
    const onClose = () =>
      fail(new EpmdUnreachableError(host, port, new Error('connection closed')));
    const onAbort = () => finish(new EpmdAbortedError(host, port, signal?.reason));
    const timer = setTimeout(() => finish(new EpmdTimeoutError(host, port, timeoutMs)), timeoutMs);
    timer.unref?.();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.setNoDelay(true);
    socket.write(request);
  });
}

function asEpmdError(err: unknown, host: string, port: number): MusterError {
  if (err instanceof EpmdProtocolError && err.host === undefined) {
    return new EpmdProtocolError(err.message, { host, port });
  }
  if (err instanceof MusterError) return err;
  return new EpmdProtocolError(err instanceof Error ? err.message : String(err), { host, port });
}
