import { MusterError } from '../../core/errors.js';

/**
 * Errors of the Kubernetes strategy's API client. Each has a stable `code` (listed in
 * docs/errors.md) and the request path it concerned. Status objects the server sends
 * (Kubernetes API conventions, "Response Status Kind") give `reason` and `message`.
 */
export abstract class KubernetesError extends MusterError {
  /** Path and query of the request, e.g. `/api/v1/namespaces/prod/pods?labelSelector=...`. */
  readonly path: string;

  constructor(code: string, path: string, message: string, options?: { cause?: unknown }) {
    super(code, `${message} (${path})`, options);
    this.path = path;
  }
}

/** What a request was for, to name the permission a 403 lacks. */
export interface KubernetesAccess {
  readonly verb: 'list' | 'watch' | 'get';
  /** Plural resource, e.g. `endpointslices`. */
  readonly resource: string;
  /** API group, '' for the core group. */
  readonly group: string;
  readonly namespace: string;
}

export function describeAccess(a: KubernetesAccess): string {
  const res = a.group === '' ? a.resource : `${a.resource}.${a.group}`;
  return `${a.verb} ${res} in namespace ${a.namespace}`;
}

/** 403: the service account lacks a permission; `access` names it. Membership is kept. */
export class KubernetesForbiddenError extends KubernetesError {
  readonly access: KubernetesAccess;

  constructor(path: string, access: KubernetesAccess, serverMessage: string) {
    super(
      'MUSTER_ERR_KUBERNETES_FORBIDDEN',
      path,
      `Kubernetes API refused to ${describeAccess(access)} (HTTP 403): grant the service account ` +
        `a Role with verbs [list, watch] on ${access.resource} (apiGroups ['${access.group}']); ` +
        `server said: ${serverMessage}`,
    );
    this.access = access;
  }
}

/** 401: the token is missing, expired or not accepted. It is re-read before every request. */
export class KubernetesUnauthorizedError extends KubernetesError {
  constructor(path: string, tokenPath: string, serverMessage: string) {
    super(
      'MUSTER_ERR_KUBERNETES_UNAUTHORIZED',
      path,
      `Kubernetes API did not accept the service-account token from ${tokenPath} (HTTP 401): ${serverMessage}`,
    );
  }
}

/** 410 Gone: the resourceVersion or continue token is older than the server keeps. Relists. */
export class KubernetesGoneError extends KubernetesError {
  constructor(path: string, serverMessage: string) {
    super(
      'MUSTER_ERR_KUBERNETES_GONE',
      path,
      `Kubernetes API no longer has that resourceVersion (410 Gone): ${serverMessage}`,
    );
  }
}

/** Any other non-2xx answer (5xx, 429, 404 for a missing API group...). */
export class KubernetesHttpError extends KubernetesError {
  readonly status: number;
  readonly reason: string | undefined;

  constructor(path: string, status: number, reason: string | undefined, serverMessage: string) {
    super(
      'MUSTER_ERR_KUBERNETES_HTTP',
      path,
      `Kubernetes API answered HTTP ${status}${reason === undefined ? '' : ` ${reason}`}${serverMessage === '' ? '' : `: ${serverMessage}`}`,
    );
    this.status = status;
    this.reason = reason;
  }
}

/** The server's certificate did not verify against the CA. There is no insecure fallback. */
export class KubernetesTlsError extends KubernetesError {
  constructor(path: string, caPath: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'MUSTER_ERR_KUBERNETES_TLS',
      path,
      `Kubernetes API certificate did not verify against ${caPath}: ${reason}`,
      { cause },
    );
  }
}

/** The connection failed or dropped (refused, reset, closed mid-answer). */
export class KubernetesUnreachableError extends KubernetesError {
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('MUSTER_ERR_KUBERNETES_UNREACHABLE', path, `Kubernetes API is unreachable: ${reason}`, {
      cause,
    });
  }
}

/** No complete answer (or, for a watch, no byte) within the time limit. */
export class KubernetesTimeoutError extends KubernetesError {
  constructor(path: string, timeoutMs: number) {
    super(
      'MUSTER_ERR_KUBERNETES_TIMEOUT',
      path,
      `Kubernetes API did not answer within ${timeoutMs} ms`,
    );
  }
}

/** A body or one watch event grew past `maxBodyBytes`; the connection was cut. */
export class KubernetesBodyTooLargeError extends KubernetesError {
  constructor(path: string, limit: number) {
    super(
      'MUSTER_ERR_KUBERNETES_BODY_TOO_LARGE',
      path,
      `Kubernetes API answer is larger than the ${limit}-byte limit`,
    );
  }
}

/** Not JSON, or not the shape the API reference gives (`field` names the part). */
export class KubernetesMalformedError extends KubernetesError {
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super(
      'MUSTER_ERR_KUBERNETES_MALFORMED',
      path,
      `Kubernetes API answer is malformed: ${reason}`,
      options,
    );
  }
}

/** A service-account file (token, CA, namespace) could not be read. */
export class KubernetesCredentialsError extends MusterError {
  readonly file: string;

  constructor(file: string, what: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      'MUSTER_ERR_KUBERNETES_CREDENTIALS',
      `Cannot read the service-account ${what} from ${file}: ${reason}`,
      { cause },
    );
    this.file = file;
  }
}

/** A warning: one endpoint or pod could not be named (no hostname, no address); skipped. */
export class KubernetesEndpointSkippedError extends MusterError {
  readonly object: string;

  constructor(object: string, reason: string) {
    super('MUSTER_ERR_KUBERNETES_ENDPOINT_SKIPPED', `Skipping ${object}: ${reason}`);
    this.object = object;
  }
}
