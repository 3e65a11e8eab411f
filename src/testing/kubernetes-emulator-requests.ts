import type { ServerResponse } from 'node:http';
import type { EmulatorVerb } from './kubernetes-emulator-access.js';
import type { EmulatorResource } from './kubernetes-emulator-store.js';

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

export interface FaultRule {
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
const MAX_LOG = 10_000;

/**
 * What the emulator was asked, bounded, with waiters for a request to come and fault rules
 * that make matching requests fail.
 */
export class RequestLog {
  /** Every request served, oldest first (bounded). */
  readonly requests: KubernetesRequestInfo[] = [];
  private readonly faults: FaultRule[] = [];
  private waiters: {
    predicate: (r: KubernetesRequestInfo) => boolean;
    resolve: (r: KubernetesRequestInfo) => void;
  }[] = [];

  inject(
    fault: KubernetesFault,
    match: KubernetesFaultMatch,
    times: number | undefined,
  ): () => void {
    const rule: FaultRule = { fault, match, remaining: times };
    this.faults.push(rule);
    return () => {
      const i = this.faults.indexOf(rule);
      if (i >= 0) this.faults.splice(i, 1);
    };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  waitFor(predicate: (r: KubernetesRequestInfo) => boolean): Promise<KubernetesRequestInfo> {
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  /** The fault the first matching rule applies to this request, if any. */
  takeFault(info: KubernetesRequestInfo): KubernetesFault | undefined {
    const i = this.faults.findIndex((r) =>
      typeof r.match === 'function' ? r.match(info) : r.match === 'all' || r.match === info.verb,
    );
    if (i < 0) return undefined;
    const rule = this.faults[i]!;
    if (rule.remaining !== undefined && --rule.remaining <= 0) this.faults.splice(i, 1);
    return rule.fault;
  }

  record(info: KubernetesRequestInfo): void {
    this.requests.push(info);
    if (this.requests.length > MAX_LOG) this.requests.splice(0, this.requests.length - MAX_LOG);
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const w of this.waiters) w.predicate(info) ? w.resolve(info) : still.push(w);
    this.waiters = still;
  }
}

export function routeOf(
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

export function json(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
