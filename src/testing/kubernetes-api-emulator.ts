import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
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
import {
  type EmulatorPodInit,
  type EmulatorSliceInit,
  endpointSliceObject,
  podObject,
} from './kubernetes-emulator-objects.js';
import { parseFieldSelector, parseLabelSelector } from './kubernetes-emulator-selectors.js';
import {
  type EmulatorResource,
  type KubeObject,
  KubernetesEmulatorStore,
  sortKey,
  typeMetaOf,
} from './kubernetes-emulator-store.js';
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

/** What a faulty API server does instead of answering. */
export type KubernetesFault =
  /** Answers this status with a Status body. */
  | { readonly kind: 'status'; readonly status: number; readonly reason?: string }
  /** Cuts the connection without answering. */
  | { readonly kind: 'reset' }
  /** Accepts the request and never answers (until the client gives up or the emulator stops). */
  | { readonly kind: 'hang' };

export interface KubernetesRequestInfo {
  readonly method: string;
  /** Path without query. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** 'discovery' for /api, /apis, /version and group documents. */
  readonly verb: EmulatorVerb | 'discovery' | 'unknown';
  readonly resource: EmulatorResource | undefined;
  readonly namespace: string | undefined;
  /** The bearer token sent, if any. */
  readonly token: string | undefined;
  readonly accept: string;
}

/** Which requests a fault applies to: all, lists, watches, or a predicate. */
export type KubernetesFaultMatch =
  | 'all'
  | EmulatorVerb
  | ((request: KubernetesRequestInfo) => boolean);

interface FaultRule {
  readonly fault: KubernetesFault;
  readonly match: KubernetesFaultMatch;
  remaining: number | undefined;
}

const ROUTES: readonly { re: RegExp; resource: EmulatorResource }[] = [
  { re: /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?pods(?:\/([^/]+))?$/, resource: 'pods' },
  {
    re: /^\/apis\/discovery\.k8s\.io\/v1\/(?:namespaces\/([^/]+)\/)?endpointslices(?:\/([^/]+))?$/,
    resource: 'endpointslices',
  },
];
const LIST_KIND: Record<EmulatorResource, string> = {
  pods: 'PodList',
  endpointslices: 'EndpointSliceList',
};
const MAX_LOG = 10_000;

/**
 * An in-process Kubernetes API server for tests, written from the API reference: pods (v1)
 * and EndpointSlices (discovery.k8s.io/v1) with get, list (label and field selectors,
 * `limit`/`continue` from a consistent snapshot, 410 for an expired token) and watch
 * (resourceVersion replay, bookmarks, 410 Expired, `timeoutSeconds`); bearer tokens with
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
  /** Every request served, oldest first (bounded). */
  readonly requests: KubernetesRequestInfo[] = [];
  private readonly options: KubernetesApiEmulatorOptions;
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private readonly tokens = new Map<string, EmulatorIdentity>();
  private readonly watches = new Set<WatchSession>();
  private readonly hung = new Set<ServerResponse>();
  private readonly faults: FaultRule[] = [];
  private waiters: {
    predicate: (r: KubernetesRequestInfo) => boolean;
    resolve: (r: KubernetesRequestInfo) => void;
  }[] = [];
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
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.baseUrl = `${tls === undefined ? 'http' : 'https'}://${host}:${addr.port}`;
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
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
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
    const rule: FaultRule = { fault, match: options.match ?? 'all', remaining: options.times };
    this.faults.push(rule);
    return () => {
      const i = this.faults.indexOf(rule);
      if (i >= 0) this.faults.splice(i, 1);
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Resolves with the next request (from now on) that satisfies `predicate`. */
  waitForRequest(
    predicate: (r: KubernetesRequestInfo) => boolean = () => true,
  ): Promise<KubernetesRequestInfo> {
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
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
    this.record(info);
    const fault = this.takeFault(info);
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
    if (verb === 'get') this.get(res, route.resource, route.namespace, route.name!);
    else if (verb === 'watch') this.watch(res, route.resource, route.namespace, url.searchParams);
    else this.list(res, route.resource, route.namespace, url.searchParams);
  }

  private get(
    res: ServerResponse,
    resource: EmulatorResource,
    ns: string | undefined,
    name: string,
  ): void {
    const obj = ns === undefined ? undefined : this.store.get(resource, ns, name);
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

  /** A list, whole or in `limit`-sized pages from one snapshot (API concepts, chunking). */
  private list(
    res: ServerResponse,
    resource: EmulatorResource,
    ns: string | undefined,
    query: URLSearchParams,
  ): void {
    const matches = this.matcher(res, query);
    if (matches === undefined) return;
    const cont = query.get('continue');
    let rv = this.store.resourceVersion;
    let items: readonly KubeObject[];
    let after = '';
    if (cont !== null && cont !== '') {
      const token = decodeContinue(cont);
      if (token === undefined) {
        json(res, 400, status(400, 'BadRequest', 'continue key is not valid'));
        return;
      }
      const snapshot = this.store.snapshot(token.rv);
      if (snapshot === undefined) {
        json(
          res,
          410,
          status(
            410,
            'Expired',
            'the provided continue parameter is too old to display a consistent list result; start a new list without it',
          ),
        );
        return;
      }
      rv = token.rv;
      items = snapshot;
      after = token.after;
    } else {
      items = this.store.list(resource, ns).filter(matches);
    }
    const start = after === '' ? 0 : items.findIndex((o) => sortKey(o) > after);
    const rest = start < 0 ? [] : items.slice(start);
    const limit = Number(query.get('limit'));
    const page = Number.isSafeInteger(limit) && limit > 0 ? rest.slice(0, limit) : rest;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (page.length < rest.length) {
      this.store.keepSnapshot(rv, items);
      metadata.continue = encodeContinue(rv, sortKey(page[page.length - 1]!));
      metadata.remainingItemCount = rest.length - page.length;
    }
    json(res, 200, {
      kind: LIST_KIND[resource],
      apiVersion: typeMetaOf(resource).apiVersion,
      metadata,
      items: page.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
    });
  }

  private watch(
    res: ServerResponse,
    resource: EmulatorResource,
    ns: string | undefined,
    query: URLSearchParams,
  ): void {
    const matches = this.matcher(res, query);
    if (matches === undefined) return;
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
      },
      (s) => this.watches.delete(s),
    );
    if (!session.isClosed) this.watches.add(session);
  }

  private takeFault(info: KubernetesRequestInfo): KubernetesFault | undefined {
    const i = this.faults.findIndex((r) =>
      typeof r.match === 'function' ? r.match(info) : r.match === 'all' || r.match === info.verb,
    );
    if (i < 0) return undefined;
    const rule = this.faults[i]!;
    if (rule.remaining !== undefined && --rule.remaining <= 0) this.faults.splice(i, 1);
    return rule.fault;
  }

  private record(info: KubernetesRequestInfo): void {
    this.requests.push(info);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) w.predicate(info) ? w.resolve(info) : still.push(w);
    this.waiters = still;
  }
}

function routeOf(
  path: string,
):
  | { resource: EmulatorResource; namespace: string | undefined; name: string | undefined }
  | undefined {
  for (const { re, resource } of ROUTES) {
    const m = re.exec(path);
    if (m) {
      return {
        resource,
        namespace: m[1] === undefined ? undefined : decodeURIComponent(m[1]),
        name: m[2] === undefined ? undefined : decodeURIComponent(m[2]),
      };
    }
  }
  return undefined;
}

function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function encodeContinue(rv: number, after: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: after })).toString(
    'base64url',
  );
}

function decodeContinue(token: string): { rv: number; after: string } | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    if (typeof v.rv === 'number' && typeof v.start === 'string')
      return { rv: v.rv, after: v.start };
  } catch {
    // Falls through to "not valid".
  }
  return undefined;
}
