import { MusterError } from '../core/errors.js';

/** Base of every DNS failure; `name` and `type` say which question failed. */
export class DnsError extends MusterError {
  readonly question: string;

  constructor(code: string, question: string, message: string, options?: { cause?: unknown }) {
    super(code, question === '' ? message : `${message} (${question})`, options);
    this.question = question;
  }
}

/** No nameserver answered within `timeout` on any of the `attempts`. */
export class DnsTimeoutError extends DnsError {
  constructor(question: string, servers: readonly string[]) {
    super('MUSTER_ERR_DNS_TIMEOUT', question, `No answer from ${servers.join(', ')}`);
  }
}

/** The server said SERVFAIL: it could not answer. Not "nobody is there". */
export class DnsServfailError extends DnsError {
  constructor(question: string, server: string) {
    super('MUSTER_ERR_DNS_SERVFAIL', question, `${server} answered SERVFAIL`);
  }
}

/** The server refused the query (policy, not authoritative and no recursion). */
export class DnsRefusedError extends DnsError {
  constructor(question: string, server: string) {
    super('MUSTER_ERR_DNS_REFUSED', question, `${server} answered REFUSED`);
  }
}

/** Any other non-success rcode (FORMERR, NOTIMP, ...). */
export class DnsRcodeError extends DnsError {
  readonly rcode: string;

  constructor(question: string, server: string, rcode: string) {
    super('MUSTER_ERR_DNS_RCODE', question, `${server} answered ${rcode}`);
    this.rcode = rcode;
  }
}

/** An answer that carries our id but cannot be decoded or breaks the protocol. */
export class DnsMalformedError extends DnsError {
  constructor(question: string, server: string, reason: string, options?: { cause?: unknown }) {
    super(
      'MUSTER_ERR_DNS_MALFORMED',
      question,
      `Malformed answer from ${server}: ${reason}`,
      options,
    );
  }
}

/** A CNAME chain comes back to a name it already passed. */
export class DnsCnameLoopError extends DnsError {
  readonly chain: readonly string[];

  constructor(question: string, chain: readonly string[]) {
    super('MUSTER_ERR_DNS_CNAME_LOOP', question, `CNAME loop: ${chain.join(' -> ')}`);
    this.chain = chain;
  }
}

/** A CNAME chain longer than the resolver follows. */
export class DnsCnameDepthError extends DnsError {
  constructor(question: string, limit: number) {
    super('MUSTER_ERR_DNS_CNAME_DEPTH', question, `CNAME chain longer than ${limit} links`);
  }
}

/** A socket error talking to a nameserver (TCP refused or reset, unreachable address). */
export class DnsNetworkError extends DnsError {
  constructor(question: string, server: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super('MUSTER_ERR_DNS_NETWORK', question, `Cannot talk to ${server}: ${detail}`, { cause });
  }
}

/** The lookup was cancelled by its AbortSignal (a strategy stopping mid-poll). */
export class DnsAbortedError extends DnsError {
  constructor(question: string) {
    super('MUSTER_ERR_DNS_ABORTED', question, 'Lookup aborted');
  }
}

/** A nameserver string is not `ip`, `ip:port` or `[ipv6]:port`, or a name is not queryable. */
export class DnsInvalidInputError extends DnsError {
  constructor(input: string, expected: string) {
    super(
      'MUSTER_ERR_DNS_INVALID_INPUT',
      '',
      `Invalid ${JSON.stringify(input)}: expected ${expected}`,
    );
  }
}

/**
 * resolv.conf could be read before and no longer can (deleted, unreadable): the resolver
 * keeps the nameservers and search list it last read. A warning, not a failure.
 */
export class DnsResolvConfError extends DnsError {
  readonly path: string;

  constructor(path: string, cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      'MUSTER_ERR_DNS_RESOLV_CONF',
      '',
      `Cannot read ${path} (${detail}); keeping the nameservers and search list last read from it`,
      { cause },
    );
    this.path = path;
  }
}
