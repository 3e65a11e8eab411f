import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { MAX_SOURCE_JSON_DEPTH, parseJsonWithin } from '../../core/json-depth.js';
import { readCredentials } from './kubernetes-credentials.js';
import {
  type KubernetesAccess,
  KubernetesBodyTooLargeError,
  type KubernetesError,
  KubernetesMalformedError,
  KubernetesTimeoutError,
  KubernetesTlsError,
  KubernetesUnreachableError,
} from './kubernetes-errors.js';
import { parseStatus, statusError } from './kubernetes-status.js';

export interface KubernetesClientOptions {
  /** `https://host:port` (CA-verified, bearer token) or an explicit `http://` (no token). */
  readonly apiServer: string;
  readonly tokenPath: string;
  readonly caPath: string;
  /** Time limit for a complete answer (and for a watch's response headers), milliseconds. */
  readonly timeout: number;
  /** Bound on one body, or on one line of a watch stream. */
  readonly maxBodyBytes: number;
}

/** OpenSSL's and Node's codes for a certificate that did not verify. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * A small JSON client for the Kubernetes API on node:http(s): GET a list page, or stream a
 * watch. Every request re-reads the token and CA; certificates are always verified (there is
 * no insecure switch). Failures are typed KubernetesErrors built from the server's Status.
 */
export class KubernetesApiClient {
  private readonly base: URL;
  private readonly secure: boolean;
  private agent: { ca: string | undefined; agent: HttpAgent | HttpsAgent } | undefined;

  constructor(private readonly options: KubernetesClientOptions) {
    this.base = new URL(options.apiServer);
    this.secure = this.base.protocol === 'https:';
  }

  /** GETs `path` (with query) and returns the parsed JSON body. */
  async getJson(path: string, access: KubernetesAccess, signal: AbortSignal): Promise<unknown> {
    const res = await this.open(path, access, signal, this.options.timeout);
    const body = await this.readBody(res, path, signal);
    try {
      return parseJsonWithin(body, MAX_SOURCE_JSON_DEPTH);
    } catch (err) {
      throw new KubernetesMalformedError(path, `the body is not JSON: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }

  /**
   * Opens a watch and hands each event (one JSON object per line) to `onEvent`. Resolves when
   * the server ends the stream cleanly (its `timeoutSeconds`); rejects on a drop, a silence
   * longer than `idleMs`, a line that is not JSON, or whatever `onEvent` throws.
   * `onOpen` runs once the server has accepted the watch (a 2xx).
   */
  async watch(
    path: string,
    access: KubernetesAccess,
    signal: AbortSignal,
    idleMs: number,
    onEvent: (event: unknown) => void,
    onOpen?: () => void,
  ): Promise<void> {
    const res = await this.open(path, access, signal, this.options.timeout);
    if (signal.aborted) {
      res.destroy();
      throw abortReason(signal);
    }
    onOpen?.();
    const limit = this.options.maxBodyBytes;
    await new Promise<void>((resolve, reject) => {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let done = false;
      const finish = (err?: Error) => {
        if (done) return;
        done = true;
        clearTimeout(idle);
        signal.removeEventListener('abort', onAbort);
        if (err === undefined) resolve();
        else {
          res.destroy();
          reject(err);
        }
      };
      const onAbort = () => finish(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      const arm = () =>
        setTimeout(() => finish(new KubernetesTimeoutError(path, idleMs)), idleMs).unref();
      let idle = arm();
      const line = (buf: Buffer) => {
        if (buf.length === 0) return;
        let event: unknown;
        try {
          event = parseJsonWithin(buf, MAX_SOURCE_JSON_DEPTH);
        } catch (err) {
          const why = `a watch event is not JSON: ${(err as Error).message}`;
          finish(new KubernetesMalformedError(path, why, { cause: err }));
          return;
        }
        try {
          onEvent(event);
        } catch (err) {
          // The consumer ends the watch by throwing (an ERROR event, a 410).
          finish(err instanceof Error ? err : new Error(String(err)));
        }
      };
      res.on('data', (chunk: Buffer) => {
        if (done) return;
        clearTimeout(idle);
        idle = arm();
        let start = 0;
        for (let nl = chunk.indexOf(10); nl >= 0 && !done; nl = chunk.indexOf(10, start)) {
          const part = chunk.subarray(start, nl);
          line(pending.length === 0 ? part : Buffer.concat([...pending, part]));
          pending = [];
          pendingBytes = 0;
          start = nl + 1;
        }
        if (done || start === chunk.length) return;
        pendingBytes += chunk.length - start;
        if (pendingBytes > limit) {
          finish(new KubernetesBodyTooLargeError(path, limit));
          return;
        }
        pending.push(chunk.subarray(start));
      });
      res.on('end', () => {
        if (pending.length > 0) line(Buffer.concat(pending));
        finish();
      });
      res.on('error', (err) => finish(new KubernetesUnreachableError(path, err)));
      res.on('close', () => {
        if (!res.complete) {
          finish(new KubernetesUnreachableError(path, new Error('the watch stream was cut')));
        }
      });
    });
  }

  /** Sends the GET and resolves with a 2xx response; any other status becomes its error. */
  private async open(
    path: string,
    access: KubernetesAccess,
    signal: AbortSignal,
    timeout: number,
  ): Promise<IncomingMessage> {
    if (signal.aborted) throw abortReason(signal);
    const { token, ca } = await readCredentials({
      secure: this.secure,
      tokenPath: this.options.tokenPath,
      caPath: this.options.caPath,
    });
    if (signal.aborted) throw abortReason(signal);
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined && token !== '') headers.authorization = `Bearer ${token}`;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | undefined, value?: IncomingMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err === undefined) resolve(value!);
        else {
          req.destroy();
          reject(err);
        }
      };
      const onAbort = () => settle(abortReason(signal));
      const timer = setTimeout(() => settle(new KubernetesTimeoutError(path, timeout)), timeout);
      timer.unref();
      signal.addEventListener('abort', onAbort, { once: true });
      const send = this.secure ? httpsRequest : httpRequest;
      const req = send(url, { method: 'GET', headers, agent: this.agentFor(ca) }, (r) =>
        settle(undefined, r),
      );
      req.on('error', (err) => settle(this.networkError(path, err)));
      req.end();
    });
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return res;
    let fields = parseStatus(undefined);
    try {
      const body = await this.readBody(res, path, signal, 64 * 1024);
      fields = parseStatus(parseJsonWithin(body, MAX_SOURCE_JSON_DEPTH));
    } catch (err) {
      if (signal.aborted) throw err;
    }
    throw statusError(status, fields, path, access, this.options.tokenPath);
  }

  /** Reads a whole body, bounded while streaming (an announced length is checked first). */
  private readBody(
    res: IncomingMessage,
    path: string,
    signal: AbortSignal,
    limit = this.options.maxBodyBytes,
  ): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      if (signal.aborted) {
        res.destroy();
        reject(abortReason(signal));
        return;
      }
      const announced = Number(res.headers['content-length']);
      if (Number.isFinite(announced) && announced > limit) {
        res.destroy();
        reject(new KubernetesBodyTooLargeError(path, limit));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const finish = (err: Error | undefined) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err === undefined) resolve(Buffer.concat(chunks, size));
        else {
          res.destroy();
          reject(err);
        }
      };
      const onAbort = () => finish(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(
        () => finish(new KubernetesTimeoutError(path, this.options.timeout)),
        this.options.timeout,
      );
      timer.unref();
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) finish(new KubernetesBodyTooLargeError(path, limit));
        else chunks.push(chunk);
      });
      res.on('end', () => finish(undefined));
      res.on('error', (err) => finish(new KubernetesUnreachableError(path, err)));
      res.on('close', () => {
        if (!res.complete) {
          finish(
            new KubernetesUnreachableError(path, new Error('the connection closed mid-answer')),
          );
        }
      });
    });
  }

  /** One keep-alive agent per CA; a rotated CA gets a fresh agent (and fresh TLS sessions). */
  private agentFor(ca: string | undefined): HttpAgent | HttpsAgent {
    if (this.agent !== undefined && this.agent.ca === ca) return this.agent.agent;
    this.agent?.agent.destroy();
    const agent = this.secure
      ? new HttpsAgent({ keepAlive: true, ca, rejectUnauthorized: true })
      : new HttpAgent({ keepAlive: true });
    this.agent = { ca, agent };
    return agent;
  }

  private networkError(path: string, err: Error): KubernetesError {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && TLS_CODES.has(code)) {
      return new KubernetesTlsError(path, this.options.caPath, err);
    }
    return new KubernetesUnreachableError(path, err);
  }

  /** Closes idle keep-alive sockets (at stop). */
  close(): void {
    this.agent?.agent.destroy();
    this.agent = undefined;
  }
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}
