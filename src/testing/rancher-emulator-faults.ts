import type { ServerResponse } from 'node:http';
import type { Json } from './rancher-emulator-model.js';

/** What a faulty metadata service does instead of answering properly. */
export type RancherFault =
  /** Answers this status (default body: a JSON error). */
  | { readonly kind: 'status'; readonly status: number }
  /** Accepts the request and never answers (until the client gives up or the emulator stops). */
  | { readonly kind: 'hang' }
  /** Answers correctly after `ms` milliseconds. */
  | { readonly kind: 'delay'; readonly ms: number }
  /** 200 with a body that is not JSON. */
  | { readonly kind: 'garbage' }
  /** 200 with a body of `bytes` bytes, streamed in chunks (never held in memory). */
  | { readonly kind: 'huge'; readonly bytes: number; readonly announceLength?: boolean }
  /** 200 with the right document but fields of the wrong type. */
  | { readonly kind: 'wrong-types' }
  /** Cuts the connection without answering. */
  | { readonly kind: 'reset' }
  /**
   * An older metadata service: `version?wait=true` is answered at once with the current
   * version, changed or not (the wait is ignored). Other requests are answered normally.
   */
  | { readonly kind: 'ignore-long-poll' };

/**
 * Which requests a fault applies to: 'all', 'long-poll' (only `version?wait=true`), 'reads'
 * (everything but long polls), a path substring (e.g. '/self/'), or a predicate.
 */
export type RancherFaultMatch =
  | 'all'
  | 'long-poll'
  | 'reads'
  | string
  | ((request: RancherRequestInfo) => boolean);

export interface RancherRequestInfo {
  /** Path after the API version, without query: 'self/container', 'version'. */
  readonly path: string;
  readonly apiVersion: string;
  readonly query: URLSearchParams;
  readonly json: boolean;
  readonly longPoll: boolean;
}

/** Whether a fault rule's `match` applies to `req` (see RequestLog). */
export function faultMatches(m: RancherFaultMatch, req: RancherRequestInfo): boolean {
  if (typeof m === 'function') return m(req);
  if (m === 'all') return true;
  if (m === 'long-poll') return req.longPoll;
  if (m === 'reads') return !req.longPoll;
  return `/${req.path}`.includes(m);
}

/** Replaces the fields discovery reads with values of the wrong type. */
export function withWrongTypes(value: Json): Json {
  if (typeof value === 'string') return { version: value };
  if (Array.isArray(value)) return value.map(withWrongTypes);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'primary_ip') out[k] = 1234;
    else if (k === 'state') out[k] = true;
    else if (k === 'containers') out[k] = 'not-a-list';
    else out[k] = withWrongTypes(v);
  }
  return out;
}

const GARBAGE = '<html><body>502 Bad Gateway? {"containers": [</body>';

export function writeGarbage(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(GARBAGE);
}

/** Streams `bytes` bytes of a never-ending JSON string, honouring back-pressure. */
export function writeHuge(res: ServerResponse, bytes: number, announceLength: boolean): void {
  const head = '{"containers":["';
  const tail = '"]}';
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (announceLength) headers['content-length'] = Math.max(bytes, head.length + tail.length);
  res.writeHead(200, headers);
  res.write(head);
  let left = Math.max(0, bytes - head.length - tail.length);
  const pump = () => {
    while (left > 0) {
      if (res.destroyed || res.writableEnded) return;
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  pump();
}
