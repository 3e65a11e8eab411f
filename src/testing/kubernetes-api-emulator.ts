import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { closeServer, listenOn, RequestLog } from './emulator-http.js';
import {
  ALLOW_ALL,
  allows,
  type EmulatorIdentity,
  type EmulatorTokenInit,
  type EmulatorVerb,
  forbidden,
  status,
} from './kubernetes-emulator-access.js';
import { discoveryDocument } from './kubernetes-emulator-discovery.js';
import { answerList } from './kubernetes-emulator-list.js';
import {
  type EmulatorPodInit,
  type EmulatorSliceInit,
  endpointSliceObject,
  podObject,
} from './kubernetes-emulator-objects.js';
import {
  faultMatches,
  json,
  type KubernetesFault,
  type KubernetesFaultMatch,
  type KubernetesRequestInfo,
  routeOf,
} from './kubernetes-emulator-requests.js';
import { parseFieldSelector, parseLabelSelector } from './kubernetes-emulator-selectors.js';
import {
  type EmulatorResource,
  type KubeObject,
  KubernetesEmulatorStore,
} from './kubernetes-emulator-store.js';
import { toTable, wantsTable } from './kubernetes-emulator-table.js';
import { WatchSession } from './kubernetes-emulator-watch.js';

export interface KubernetesApiEmulatorOptions {
  /** Address to listen on. Default 127.0.0.1; tests pick their own 127.x.y.z. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Serve HTTPS with this key and certificate (PEM); absent: plain HTTP. */
  readonly tls?: { readonly key: string; readonly cert: string };
  /** Changes kept for watches to replay; older resourceVersions are 410 Gone. Default 10,000. */
  readonly historyLimit?: number;
  /** Bookmarks to watches that asked, this often in ms (kube-apiserver: about once a minute). */
  readonly bookmarkIntervalMs?: number;
  /**
   * Serve requests without a token as this identity (kube-apiserver's anonymous auth, or a
   * `kubectl proxy` in front of it). Absent: a request without a token gets 401.
   */
  readonly anonymous?: EmulatorTokenInit;
}

/**
 * An in-process Kubernetes API server for tests, written from the API reference: pods (v1)
 * and EndpointSlices (discovery.k8s.io/v1) with get, list (label and field selectors,
 * `limit`/`continue` from a consistent snapshot, 410 for an expired token) and watch
 * (resourceVersion replay, bookmarks, 410 Expired, `timeoutSeconds`); Tables for kubectl's
 * columns; bearer tokens with
 * RBAC-like rules (401 and 403 as Status objects); discovery documents so `kubectl` works
 * against it; TLS with a certificate the test makes; and fault injection.
 *
 * ```ts
 * const api = new KubernetesApiEmulator({ host: '127.0.0.1', tls: { key, cert } });
 * api.addToken('t0k3n');
 * api.putEndpointSlice({ service: 'hello', endpoints: [{ address: '10.1.0.5', ready: true }] });
 * const url = await api.start(); // strategy config { apiServer: url, caPath, tokenPath, ... }
 * ```
 */
export class KubernetesApiEmulator {
  readonly store: KubernetesEmulatorStore;
  private readonly log = new RequestLog<
    KubernetesRequestInfo,
    KubernetesFault,
    KubernetesFaultMatch
  >(faultMatches);
  private readonly options: KubernetesApiEmulatorOptions;
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private readonly tokens = new Map<string, EmulatorIdentity>();
  private readonly watches = new Set<WatchSession>();
  private readonly hung = new Set<ServerResponse>();
  private bookmarkTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: KubernetesApiEmulatorOptions = {}) {
    this.options = options;
    this.store = new KubernetesEmulatorStore(options.historyLimit);
  }

  get url(): string {
    if (this.baseUrl === undefined) throw new Error('KubernetesApiEmulator is not started');
    return this.baseUrl;
  }

  /** Watches open right now. */
  get openWatches(): number {
    let n = 0;
    for (const w of this.watches) if (!w.isClosed) n++;
    return n;
  }

  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    const tls = this.options.tls;
    const server: Server =
      tls === undefined ? createHttpServer(handler) : createHttpsServer({ ...tls }, handler);
    this.server = server;
    const authority = await listenOn(server, this.options.host, this.options.port);
    this.baseUrl = `${tls === undefined ? 'http' : 'https'}://${authority}`;
    const every = this.options.bookmarkIntervalMs ?? 60_000;
    this.bookmarkTimer = setInterval(() => this.bookmark(), every);
    this.bookmarkTimer.unref();
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    this.baseUrl = undefined;
    clearInterval(this.bookmarkTimer);
    for (const w of this.watches) w.drop();
    for (const res of this.hung) res.destroy();
    await closeServer(server);
  }

  /** Accepts `token` with these rules (default: everything). Replaces an earlier grant. */
  addToken(token: string, init: EmulatorTokenInit = {}): void {
    this.tokens.set(token, {
      user: init.user ?? 'system:serviceaccount:default:muster',
      rules: init.rules ?? ALLOW_ALL,
    });
  }

  /** Stops accepting `token` (an expired projected token): its requests get 401. */
  removeToken(token: string): void {
    this.tokens.delete(token);
  }

  put(resource: EmulatorResource, object: Record<string, unknown>): KubeObject {
    return this.store.put(resource, object);
  }

  delete(resource: EmulatorResource, namespace: string, name: string): boolean {
    return this.store.delete(resource, namespace, name);
  }

  /** Writes an EndpointSlice of a Service (one write: one watch event). */
  putEndpointSlice(init: EmulatorSliceInit): KubeObject {
    return this.store.put('endpointslices', endpointSliceObject(init));
  }

  putPod(init: EmulatorPodInit): KubeObject {
    return this.store.put('pods', podObject(init));
  }

  /** Forgets history: watches and continue tokens from before now get 410. */
  compact(): void {
    this.store.compact();
  }

  /** Sends a BOOKMARK to every watch that allowed them. */
  bookmark(): void {
    for (const w of this.watches) w.bookmark();
  }

  /** Ends every watch with an ERROR event carrying 410 Expired. */
  expireWatches(): void {
    for (const w of [...this.watches]) w.expire();
  }

  /** Cuts every watch's connection (a network fault). */
  dropWatches(): void {
    for (const w of [...this.watches]) w.drop();
  }

  /** Ends every watch cleanly, as the server's `timeoutSeconds` does. */
  endWatches(): void {
    for (const w of [...this.watches]) w.end();
  }

  /** Makes matching requests fail, for `times` requests or until the returned function runs. */
  injectFault(
    fault: KubernetesFault,
    options: { match?: KubernetesFaultMatch; times?: number } = {},
  ): () => void {
    return this.log.inject(fault, options.match ?? 'all', options.times);
  }

  clearFaults(): void {
    this.log.clearFaults();
  }

  /** Every request served, oldest first (bounded to the last 10,000). */
  get requests(): readonly KubernetesRequestInfo[] {
    return this.log.requests;
  }

  /** Resolves with the next request (from now on) that satisfies `predicate`. */
  waitForRequest(
    predicate: (r: KubernetesRequestInfo) => boolean = () => true,
  ): Promise<KubernetesRequestInfo> {
    return this.log.waitFor(predicate);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const route = routeOf(url.pathname);
    const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
    const info: KubernetesRequestInfo = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      verb:
        route === undefined
          ? discoveryDocument(url.pathname, '') === undefined
            ? 'unknown'
            : 'discovery'
          : route.name !== undefined
            ? 'get'
            : watch
              ? 'watch'
              : 'list',
      resource: route?.resource,
      namespace: route?.namespace,
      token,
      accept: req.headers.accept ?? '',
    };
    this.log.record(info);
    const fault = this.log.takeFault(info);
    if (fault !== undefined) {
      if (fault.kind === 'reset') req.socket.destroy();
      else if (fault.kind === 'hang') {
        this.hung.add(res);
        res.once('close', () => this.hung.delete(res));
      } else {
        const reason = fault.reason ?? (fault.status >= 500 ? 'InternalError' : 'BadRequest');
        json(res, fault.status, status(fault.status, reason, 'injected fault'));
      }
      return;
    }
    const anonymous = this.options.anonymous;
    const identity =
      token !== undefined
        ? this.tokens.get(token)
        : anonymous === undefined
          ? undefined
          : { user: anonymous.user ?? 'system:anonymous', rules: anonymous.rules ?? ALLOW_ALL };
    if (identity === undefined) {
      json(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    if (req.method !== 'GET') {
      json(res, 405, status(405, 'MethodNotAllowed', 'the emulator serves GET only'));
      return;
    }
    if (route === undefined) {
      const doc = discoveryDocument(url.pathname, url.host);
      if (doc === undefined)
        json(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
      else json(res, 200, doc);
      return;
    }
    const verb = info.verb as EmulatorVerb;
    if (!allows(identity, verb, route.resource, route.namespace)) {
      json(res, 403, forbidden(identity.user, verb, route.resource, route.namespace));
      return;
    }
    const table = wantsTable(info.accept);
    if (verb === 'get')
      this.get(res, route.resource, route.namespace, route.name!, url.searchParams, table);
    else if (verb === 'watch')
      this.watch(res, route.resource, route.namespace, url.searchParams, table);
    else {
      const matches = this.matcher(res, url.searchParams);
      if (matches !== undefined) {
        answerList(
          res,
          this.store,
          route.resource,
          route.namespace,
          url.searchParams,
          matches,
          table,
        );
      }
    }
  }

  private get(
    res: ServerResponse,
    resource: EmulatorResource,
    ns: string | undefined,
    name: string,
    query: URLSearchParams,
    table: boolean,
  ): void {
    const obj = ns === undefined ? undefined : this.store.get(resource, ns, name);
    if (obj !== undefined && table) {
      const meta = { resourceVersion: String(this.store.resourceVersion) };
      json(res, 200, toTable(resource, [obj], meta, query.get('includeObject')));
      return;
    }
    if (obj === undefined) {
      json(
        res,
        404,
        status(404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource }),
      );
    } else json(res, 200, obj);
  }

  private matcher(
    res: ServerResponse,
    query: URLSearchParams,
  ): ((o: KubeObject) => boolean) | undefined {
    const labels = parseLabelSelector(query.get('labelSelector') ?? '');
    const fields = parseFieldSelector(query.get('fieldSelector') ?? '');
    if (typeof labels === 'string' || typeof fields === 'string') {
      json(
        res,
        400,
        status(400, 'BadRequest', typeof labels === 'string' ? labels : (fields as string)),
      );
      return undefined;
    }
    return (o) =>
      labels((o.metadata.labels ?? {}) as Record<string, string>) &&
      fields(o.metadata.name, o.metadata.namespace);
  }

  private watch(
    res: ServerResponse,
    resource: EmulatorResource,
    ns: string | undefined,
    query: URLSearchParams,
    table: boolean,
  ): void {
    const matches = this.matcher(res, query);
    if (matches === undefined) return;
    const includeObject = query.get('includeObject');
    const render = table ? (o: KubeObject) => toTable(resource, [o], {}, includeObject) : undefined;
    const asked = Number(query.get('timeoutSeconds'));
    const session = new WatchSession(
      res,
      this.store,
      {
        resource,
        namespace: ns,
        matches,
        resourceVersion: query.get('resourceVersion') ?? '',
        bookmarks: query.get('allowWatchBookmarks') === 'true',
        timeoutSeconds: Number.isFinite(asked) && asked > 0 ? asked : 1800,
        render,
      },
      (s) => this.watches.delete(s),
    );
    if (!session.isClosed) this.watches.add(session);
  }
}

export type {
  KubernetesFault,
  KubernetesFaultMatch,
  KubernetesRequestInfo,
} from './kubernetes-emulator-requests.js';
