import { MusterError } from '../../core/errors.js';

/**
 * Errors of the Rancher metadata client. Each has a stable `code` (listed in
 * docs/strategies/rancher-metadata.md) and the URL it was talking to.
 */
export abstract class RancherError extends MusterError {
  readonly url: string;

  constructor(code: string, url: string, message: string, options?: { cause?: unknown }) {
    super(code, `${message} (${url})`, options);
    this.url = url;
  }
}

/** The server answered with a status other than 200 and 404 (a 5xx, a 403...). */
export class RancherHttpError extends RancherError {
  readonly status: number;

  constructor(url: string, status: number) {
    super('MUSTER_ERR_RANCHER_HTTP', url, `Rancher metadata answered HTTP ${status}`);
    this.status = status;
  }
}

/** The path does not exist (a service, stack or container the metadata does not know). */
export class RancherNotFoundError extends RancherError {
  constructor(url: string) {
    super('MUSTER_ERR_RANCHER_NOT_FOUND', url, 'Rancher metadata has no such path (HTTP 404)');
  }
}

/** The request did not complete within its time limit. */
export class RancherTimeoutError extends RancherError {
  readonly timeoutMs: number;

  constructor(url: string, timeoutMs: number) {
    super(
      'MUSTER_ERR_RANCHER_TIMEOUT',
      url,
      `Rancher metadata did not answer within ${timeoutMs} ms`,
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The body grew past the size limit; the connection was cut while streaming. */
export class RancherBodyTooLargeError extends RancherError {
  readonly limit: number;

  constructor(url: string, limit: number) {
    super(
      'MUSTER_ERR_RANCHER_BODY_TOO_LARGE',
      url,
      `Rancher metadata answer is larger than the ${limit}-byte limit`,
    );
    this.limit = limit;
  }
}

/** The body is not JSON, or a field has the wrong type. `field` names it when known. */
export class RancherMalformedError extends RancherError {
  readonly field: string | undefined;

  constructor(url: string, reason: string, field?: string, options?: { cause?: unknown }) {
    super(
      'MUSTER_ERR_RANCHER_MALFORMED',
      url,
      `Rancher metadata answer is malformed: ${field === undefined ? '' : `${field}: `}${reason}`,
      options,
    );
    this.field = field;
  }
}

/** The connection failed (refused, reset, DNS name of the metadata host unknown). */
export class RancherUnreachableError extends RancherError {
  constructor(url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('MUSTER_ERR_RANCHER_UNREACHABLE', url, `Rancher metadata is unreachable: ${reason}`, {
      cause,
    });
  }
}

/** A container of the service is unusable (no or bad `primary_ip`); it is skipped. */
export class RancherContainerSkippedError extends MusterError {
  readonly container: string;

  constructor(container: string, reason: string) {
    super('MUSTER_ERR_RANCHER_CONTAINER_SKIPPED', `Skipping container ${container}: ${reason}`);
    this.container = container;
  }
}

/**
 * The metadata service answers `version?wait=true` at once with the same version (it predates
 * long polling): the strategy stops long-polling and relies on interval polls. A warning.
 */
export class RancherLongPollUnsupportedError extends RancherError {
  constructor(url: string) {
    super(
      'MUSTER_ERR_RANCHER_LONG_POLL_UNSUPPORTED',
      url,
      'Rancher metadata answers long polls at once with the same version; polling every pollingInterval instead',
    );
  }
}
