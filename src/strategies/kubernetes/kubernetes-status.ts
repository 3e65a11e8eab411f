import {
  type KubernetesAccess,
  type KubernetesError,
  KubernetesForbiddenError,
  KubernetesGoneError,
  KubernetesHttpError,
  KubernetesUnauthorizedError,
} from './kubernetes-errors.js';

/** The fields of a `Status` object (meta/v1) the client reads. */
export interface StatusFields {
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly message: string;
}

/** Reads a Status object leniently: proxies in front of the API server may send anything. */
export function parseStatus(value: unknown): StatusFields {
  if (value === null || typeof value !== 'object')
    return { code: undefined, reason: undefined, message: '' };
  const v = value as Record<string, unknown>;
  return {
    code: typeof v.code === 'number' ? v.code : undefined,
    reason: typeof v.reason === 'string' ? v.reason : undefined,
    message: typeof v.message === 'string' ? v.message.slice(0, 500) : '',
  };
}

/**
 * The typed error for a failed request: from the HTTP status of a response, or from the
 * `code` of a watch `ERROR` event's Status (API conventions: a watch reports errors in-band).
 */
export function statusError(
  status: number,
  fields: StatusFields,
  path: string,
  access: KubernetesAccess,
  tokenPath: string,
): KubernetesError {
  if (status === 401) return new KubernetesUnauthorizedError(path, tokenPath, fields.message);
  if (status === 403) return new KubernetesForbiddenError(path, access, fields.message);
  if (status === 410) return new KubernetesGoneError(path, fields.message);
  return new KubernetesHttpError(path, status, fields.reason, fields.message);
}
