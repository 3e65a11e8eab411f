import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOn, RequestLog } from './emulator-http.js';
import {
  faultMatches,
  type RancherFault,
  type RancherFaultMatch,
  type RancherRequestInfo,
  withWrongTypes,
  writeGarbage,
  writeHuge,
} from './rancher-emulator-faults.js';
import {
  type Json,
  RANCHER_EMULATOR_VERSIONS,
  type RancherEmulatorApiVersion,
  RancherEmulatorModel,
} from './rancher-emulator-model.js';
import { NOT_FOUND, toPlaintext, walk } from './rancher-emulator-paths.js';

export interface RancherMetadataEmulatorOptions {
  /** Address to listen on. Default 127.0.0.1; tests pick their own 127.x.y.z. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Seconds a long poll waits when the client gives no `maxWait` (default 30). */
  readonly defaultMaxWait?: number;
}

const NOT_FOUND_BODY = JSON.stringify({ code: 404, message: 'Not found', type: 'error' });

/**
 * An in-process Rancher 1.x metadata service for tests: the documented JSON and plaintext
 * shapes for a programmable set of stacks, services and containers, the three API versions,
 * `self/*` for a chosen container, long polling on `version`, 404s and fault injection.
 *
 * ```ts
 * const md = new RancherMetadataEmulator({ host: '127.0.0.1' });
 * md.addService({ stack: 'prod', name: 'hello', scale: 3 });
 * const url = await md.start();
 * // ... strategy config { url, service: { stack: 'prod', name: 'hello' } }
 * await md.stop();
 * ```
 */
export class RancherMetadataEmulator extends RancherEmulatorModel {
  private readonly options: RancherMetadataEmulatorOptions;
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private readonly log = new RequestLog<RancherRequestInfo, RancherFault, RancherFaultMatch>(
    faultMatches,
  );
  private readonly open = new Set<ServerResponse>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(options: RancherMetadataEmulatorOptions = {}) {
    super();
    this.options = options;
  }

  /** The base URL (`http://host:port`) once started. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('RancherMetadataEmulator is not started');
    return this.baseUrl;
  }

  /** Every request served, oldest first (bounded to the last 10,000). */
  get requests(): readonly RancherRequestInfo[] {
    return this.log.requests;
  }

  /** Long polls parked right now, waiting for a version change. */
  get parkedLongPolls(): number {
    let n = 0;
    for (const res of this.open) if (res.getHeader('x-emulator-long-poll') === 'parked') n++;
    return n;
  }

  /** Starts listening and returns the base URL (pass it as the strategy's `url`). */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    this.baseUrl = `http://${await listenOn(server, this.options.host, this.options.port)}`;
    return this.baseUrl;
  }

  /** Closes the server and every open request, hanging long polls and hung faults included. */
  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.baseUrl = undefined;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const res of this.open) res.destroy();
    this.open.clear();
    await closeServer(server);
  }

  /**
   * Makes matching requests misbehave, for `times` requests or until the returned function
   * (or `clearFaults()`) removes it. The first matching rule wins.
   */
  injectFault(
    fault: RancherFault,
    options: { match?: RancherFaultMatch; times?: number } = {},
  ): () => void {
    return this.log.inject(fault, options.match ?? 'all', options.times);
  }

  clearFaults(): void {
    this.log.clearFaults();
  }

  /** Resolves with the next request (from now on) that satisfies `predicate`. */
  waitForRequest(
    predicate: (r: RancherRequestInfo) => boolean = () => true,
  ): Promise<RancherRequestInfo> {
    return this.log.waitFor(predicate);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    let segments: string[];
    try {
      segments = url.pathname
        .split('/')
        .filter((s) => s !== '')
        .map(decodeURIComponent);
    } catch {
      segments = ['\u0000'];
    }
    const json = (req.headers.accept ?? '').includes('application/json');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (segments.length === 0) {
      this.send(res, json, [...RANCHER_EMULATOR_VERSIONS]);
      return;
    }
    const [apiVersion, ...rest] = segments as [string, ...string[]];
    const info: RancherRequestInfo = {
      path: rest.join('/'),
      apiVersion,
      query: url.searchParams,
      json,
      longPoll:
        rest.length === 1 && rest[0] === 'version' && url.searchParams.get('wait') === 'true',
    };
    this.log.record(info);
    if (!(RANCHER_EMULATOR_VERSIONS as readonly string[]).includes(apiVersion)) {
      this.notFound(res, json);
      return;
    }
    const version = apiVersion as RancherEmulatorApiVersion;
    const fault = this.log.takeFault(info);
    if (fault === undefined) {
      this.answer(res, info, version, false);
      return;
    }
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: fault.status, message: 'Injected fault', type: 'error' }));
        return;
      case 'hang':
        this.track(res);
        return;
      case 'delay': {
        this.track(res);
        const t = setTimeout(() => {
          this.timers.delete(t);
          this.open.delete(res);
          if (!res.destroyed) this.answer(res, info, version, false);
        }, fault.ms);
        this.timers.add(t);
        return;
      }
      case 'garbage':
        writeGarbage(res);
        return;
      case 'huge':
        this.track(res);
        writeHuge(res, fault.bytes, fault.announceLength ?? false);
        return;
      case 'wrong-types':
        this.answer(res, info, version, true);
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'ignore-long-poll':
        this.answer(res, { ...info, longPoll: false }, version, false);
        return;
    }
  }

  private answer(
    res: ServerResponse,
    info: RancherRequestInfo,
    version: RancherEmulatorApiVersion,
    wrong: boolean,
  ): void {
    if (info.longPoll) {
      this.longPoll(res, info, wrong);
      return;
    }
    const value = walk(this.tree(version), info.path === '' ? [] : info.path.split('/'));
    if (value === NOT_FOUND) this.notFound(res, info.json);
    else this.send(res, info.json, wrong ? withWrongTypes(value) : value);
  }

  /** `version?wait=true&value=<v>&maxWait=<s>`: answers when the version differs from `v`. */
  private longPoll(res: ServerResponse, info: RancherRequestInfo, wrong: boolean): void {
    const reply = () =>
      this.send(res, info.json, wrong ? withWrongTypes(this.version) : this.version);
    const seen = info.query.get('value');
    if (seen === null || seen !== this.version) {
      reply();
      return;
    }
    const asked = Number(info.query.get('maxWait'));
    const maxWait =
      Number.isFinite(asked) && asked > 0 ? asked : (this.options.defaultMaxWait ?? 30);
    res.setHeader('x-emulator-long-poll', 'parked');
    this.track(res);
    const done = () => {
      clearTimeout(timer);
      this.timers.delete(timer);
      unsubscribe();
      this.open.delete(res);
      if (!res.destroyed && !res.writableEnded) reply();
    };
    const timer = setTimeout(done, maxWait * 1000);
    this.timers.add(timer);
    const unsubscribe = this.onChange(done);
    res.once('close', () => {
      clearTimeout(timer);
      this.timers.delete(timer);
      unsubscribe();
    });
  }

  private send(res: ServerResponse, json: boolean, value: Json): void {
    if (json) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    } else {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(toPlaintext(value));
    }
  }

  private notFound(res: ServerResponse, json: boolean): void {
    if (json) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(NOT_FOUND_BODY);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
    }
  }

  private track(res: ServerResponse): void {
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
  }
}

export type {
  RancherFault,
  RancherFaultMatch,
  RancherRequestInfo,
} from './rancher-emulator-faults.js';
export type {
  EmulatorContainerInit,
  EmulatorServiceInit,
  Json as RancherJson,
  RancherEmulatorApiVersion,
} from './rancher-emulator-model.js';
