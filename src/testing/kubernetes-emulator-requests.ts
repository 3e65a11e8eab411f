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

const ROUTES: readonly { re: RegExp; resource: EmulatorResource }[] = [
  { re: /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?pods(?:\/([^/]+))?$/, resource: 'pods' },
  {
    re: /^\/apis\/discovery\.k8s\.io\/v1\/(?:namespaces\/([^/]+)\/)?endpointslices(?:\/([^/]+))?$/,
    resource: 'endpointslices',
  },
];
/** Whether a fault rule's `match` applies to `request` (see RequestLog). */
export function faultMatches(match: KubernetesFaultMatch, request: KubernetesRequestInfo): boolean {
  return typeof match === 'function' ? match(request) : match === 'all' || match === request.verb;
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
