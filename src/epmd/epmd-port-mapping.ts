import { isIP } from 'node:net';
import type { Clock, TimerHandle } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { basenameOf, hostOf, type NodeName } from '../core/node-name.js';
import type { PortMapping } from '../transport/tcp/port-mapping.js';
import { portPlease, registerNode } from './epmd-client.js';
import { epmdDefaults, epmdPortFromEnv } from './epmd-defaults.js';
import {
  EpmdError,
  EpmdListenError,
  EpmdNotRegisteredError,
  EpmdUnreachableError,
} from './epmd-errors.js';
import type { EpmdRegistration } from './epmd-registration.js';
import { EpmdServer } from './epmd-server.js';
import { NodeType } from './epmd-wire.js';

export interface EpmdPortMappingOptions {
  /** The EPMD port on every host; `ERL_EPMD_PORT` or 4369 when not given. */
  readonly epmdPort?: number;
  readonly logger: Logger;
  /** Start an embedded EPMD when none listens on this host, as `erl` does. Default true. */
  readonly startEmbedded?: boolean;
  /**
   * The EPMD to register with. Default: the host of this node's name when it is an IP address
   * (the address peers will ask), else 127.0.0.1 (the local EPMD, as `erl` registers).
   */
  readonly registerHost?: string;
  /**
   * Where an embedded EPMD listens. Default: the registration address (plus 127.0.0.1 when that
   * is a non-loopback IPv4, as erts epmd always adds loopback), or every interface (0.0.0.0)
   * when the node's host is a DNS name.
   */
  readonly embeddedHost?: string | readonly string[];
  /** Milliseconds for each EPMD request; default 5,000. */
  readonly timeout?: number;
  /** Register as a hidden node (72) instead of a normal one (77). */
  readonly hidden?: boolean;
  readonly clock?: Clock;
}

/**
 * Ports through EPMD: `publish` registers `basename -> port` with the EPMD of this host and
 * holds the registration (re-registering if the EPMD restarts); `portOf` asks the peer's host
 * with PORT_PLEASE2, as an Erlang node does before every connection.
 */
export class EpmdPortMapping implements PortMapping {
  readonly epmdPort: number;
  private readonly options: EpmdPortMappingOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private registration: EpmdRegistration | undefined;
  private embedded: EpmdServer | undefined;
  private published: { self: NodeName; port: number } | undefined;
  private retryTimer: TimerHandle | undefined;
  private retryDelay: number = epmdDefaults.reregisterInitialDelayMs;
  private closed = false;

  constructor(options: EpmdPortMappingOptions) {
    this.options = options;
    this.epmdPort = options.epmdPort ?? epmdPortFromEnv();
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
  }

  /** The embedded EPMD this mapping started, if it had to start one. */
  get embeddedServer(): EpmdServer | undefined {
    return this.embedded;
  }

  /** The live registration, if any (its `creation` is this node's incarnation). */
  get currentRegistration(): EpmdRegistration | undefined {
    return this.registration?.active ? this.registration : undefined;
  }

  async publish(self: NodeName, port: number): Promise<void> {
    this.closed = false;
    this.published = { self, port };
    const previous = this.registration;
    this.registration = undefined;
    await previous?.close();
    await this.register();
  }

  async portOf(node: NodeName, signal?: AbortSignal): Promise<number> {
    const host = hostOf(node);
    const name = basenameOf(node);
    const entry = await portPlease(host, this.epmdPort, name, this.requestOptions(signal));
    if (entry === undefined) throw new EpmdNotRegisteredError(host, this.epmdPort, name);
    return entry.port;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.published = undefined;
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const registration = this.registration;
    this.registration = undefined;
    await registration?.close();
    const embedded = this.embedded;
    this.embedded = undefined;
    await embedded?.stop();
  }

  private requestOptions(signal?: AbortSignal) {
    const timeout = this.options.timeout ?? epmdDefaults.requestTimeoutMs;
    return signal === undefined ? { timeout } : { timeout, signal };
  }

  private registerHost(self: NodeName): string {
    if (this.options.registerHost !== undefined) return this.options.registerHost;
    const host = hostOf(self);
    return isIP(host) !== 0 ? host : '127.0.0.1';
  }

  private embeddedHosts(self: NodeName, registerHost: string): readonly string[] | string {
    if (this.options.embeddedHost !== undefined) return this.options.embeddedHost;
    if (isIP(hostOf(self)) === 0) return '0.0.0.0';
    if (isIP(registerHost) === 4 && !registerHost.startsWith('127.')) {
      return [registerHost, '127.0.0.1'];
    }
    return registerHost;
  }

  /** Registers, starting an embedded EPMD if nothing listens (and retrying if another won). */
  private async register(): Promise<void> {
    const target = this.published;
    if (target === undefined) return;
    const host = this.registerHost(target.self);
    const input = {
      name: basenameOf(target.self),
      port: target.port,
      nodeType: this.options.hidden ? NodeType.HIDDEN : NodeType.NORMAL,
    };
    let registration: EpmdRegistration | undefined;
    for (let attempt = 0; registration === undefined; attempt++) {
      try {
        registration = await registerNode(host, this.epmdPort, input, this.requestOptions());
      } catch (err) {
        if (!this.canStartEmbedded(err) || attempt >= 2) throw err;
        await this.startEmbedded(target.self, host);
      }
    }
    if (this.closed || this.published !== target) {
      await registration.close();
      return;
    }
    this.registration = registration;
    this.retryDelay = epmdDefaults.reregisterInitialDelayMs;
    this.logger.debug(
      {
        host,
        epmdPort: this.epmdPort,
        name: input.name,
        port: input.port,
        creation: registration.creation,
      },
      'registered with epmd',
    );
    registration.once('close', ({ expected, error }) => {
      if (expected || this.closed || this.registration !== registration) return;
      this.registration = undefined;
      this.logger.warn(
        { err: error, host, epmdPort: this.epmdPort },
        'epmd registration lost; registering again',
      );
      this.scheduleReregister();
    });
  }

  private canStartEmbedded(err: unknown): boolean {
    if (this.options.startEmbedded === false || this.embedded !== undefined) return false;
    if (!(err instanceof EpmdUnreachableError)) return false;
    const cause = err.cause as NodeJS.ErrnoException | undefined;
    return cause?.code === 'ECONNREFUSED';
  }

  private async startEmbedded(self: NodeName, registerHost: string): Promise<void> {
    const server = new EpmdServer({
      host: this.embeddedHosts(self, registerHost),
      port: this.epmdPort,
      logger: this.logger,
    });
    try {
      await server.start();
    } catch (err) {
      // Another process started an EPMD between our attempt and now: register with it.
      const cause =
        err instanceof EpmdListenError ? (err.cause as NodeJS.ErrnoException) : undefined;
      if (cause?.code === 'EADDRINUSE') return;
      throw err;
    }
    if (this.closed) {
      await server.stop();
      return;
    }
    this.embedded = server;
    this.logger.info({ hosts: server.addresses, port: server.port }, 'started an embedded epmd');
  }

  private scheduleReregister(): void {
    if (this.closed || this.retryTimer !== undefined) return;
    const delay = this.retryDelay;
    this.retryDelay = Math.min(delay * 2, epmdDefaults.reregisterMaxDelayMs);
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.register().catch((err: unknown) => {
        if (this.closed) return;
        this.logger.warn(
          { err, code: err instanceof EpmdError ? err.code : undefined },
          'epmd registration failed; retrying',
        );
        this.scheduleReregister();
      });
    }, delay);
  }
}
