import { request } from 'node:http';
import { MAX_SOURCE_JSON_DEPTH, parseJsonWithin } from '../../core/json-depth.js';
import { type RancherApiVersion, rancherDefaults } from './rancher-defaults.js';
import {
  RancherBodyTooLargeError,
  type RancherError,
  RancherHttpError,
  RancherMalformedError,
  RancherNotFoundError,
  RancherTimeoutError,
  RancherUnreachableError,
} from './rancher-errors.js';

export interface RancherClientOptions {
  /** Base URL of the metadata service, e.g. `http://rancher-metadata` (http only). */
  readonly url: string;
  readonly apiVersion: RancherApiVersion;
  /** Per-request time limit in milliseconds. */
  readonly timeout?: number;
  /** Bodies larger than this are cut off while streaming. */
  readonly maxBodyBytes?: number;
}

export interface RancherRequestOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's time limit (long polls wait longer than plain reads). */
  readonly timeout?: number;
  readonly query?: Readonly<Record<string, string>>;
}

/**
 * A minimal JSON client for the Rancher 1.x metadata API on node:http. Every failure is a
 * typed RancherError; nothing is retried here (callers decide: the strategy keeps its set,
 * identity retries with backoff).
 */
export class RancherMetadataClient {
  readonly baseUrl: string;
  private readonly timeout: number;
  private readonly maxBodyBytes: number;

  constructor(options: RancherClientOptions) {
    this.baseUrl = `${options.url.replace(/\/+$/, '')}/${options.apiVersion}`;
    this.timeout = options.timeout ?? rancherDefaults.timeoutMs;
    this.maxBodyBytes = options.maxBodyBytes ?? rancherDefaults.maxBodyBytes;
  }

  /** The full URL of `path` (segments already encoded by the caller). */
  urlOf(path: string, query?: Readonly<Record<string, string>>): string {
    const qs = query === undefined ? '' : `?${new URLSearchParams(query).toString()}`;
    return `${this.baseUrl}/${path.replace(/^\/+/, '')}${qs}`;
  }

  /** GETs `path` as JSON and returns the parsed value. */
  getJson(path: string, options: RancherRequestOptions = {}): Promise<unknown> {
    const url = this.urlOf(path, options.query);
    const timeout = options.timeout ?? this.timeout;
    return new Promise<unknown>((resolve, reject) => {
      const outer = options.signal;
      if (outer?.aborted) {
        reject(abortReason(outer));
        return;
      }
      let settled = false;
      const finish = (err: RancherError | Error | undefined, value?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outer?.removeEventListener('abort', onAbort);
        if (err === undefined) resolve(value);
        else {
          req.destroy();
          reject(err);
        }
      };
      const onAbort = () => finish(abortReason(outer!));
      const timer = setTimeout(() => finish(new RancherTimeoutError(url, timeout)), timeout);
      timer.unref?.();
      outer?.addEventListener('abort', onAbort, { once: true });

      const req = request(
        url,
        { method: 'GET', headers: { accept: 'application/json' } },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status === 404) {
            res.resume();
            finish(new RancherNotFoundError(url));
            return;
          }
          if (status !== 200) {
            res.resume();
            finish(new RancherHttpError(url, status));
            return;
          }
          const announced = Number(res.headers['content-length']);
          if (Number.isFinite(announced) && announced > this.maxBodyBytes) {
            finish(new RancherBodyTooLargeError(url, this.maxBodyBytes));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxBodyBytes) {
              finish(new RancherBodyTooLargeError(url, this.maxBodyBytes));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            try {
              finish(
                undefined,
                parseJsonWithin(Buffer.concat(chunks, size), MAX_SOURCE_JSON_DEPTH),
              );
            } catch (err) {
              const why = `the body is not JSON: ${(err as Error).message}`;
              finish(new RancherMalformedError(url, why, undefined, { cause: err }));
            }
          });
          res.on('error', (err) => finish(new RancherUnreachableError(url, err)));
          res.on('close', () => {
            if (!res.complete) {
              finish(
                new RancherUnreachableError(url, new Error('the connection closed mid-answer')),
              );
            }
          });
        },
      );
      req.on('error', (err) => finish(new RancherUnreachableError(url, err)));
      req.end();
    });
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
