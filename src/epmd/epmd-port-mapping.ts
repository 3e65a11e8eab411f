import { isIP } from 'node:net';
import type { Clock, TimerHandle } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { basenameOf, hostOf, type NodeName } from '../core/node-name.js';
import type { PortMapping } from '../transport/tcp/port-mapping.js';
import { portPlease, registerNode } from './epmd-client.js';
import { type PortMapperStart, type StartedDaemon, startEpmdDaemon } from './epmd-daemon.js';
import { epmdDefaults, epmdPortFromEnv } from './epmd-defaults.js';
import {
  EpmdError,
  EpmdListenError,
  EpmdNameTakenError,
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
  /**
   * What to start when no EPMD listens on this host (as `erl` starts `epmd -daemon`):
   * - 'daemon' (default): a port mapper detached from this process that outlives it: the
   *   system's `epmd` when it is on PATH, else muster's embedded EPMD in a detached Node process;
   * - 'embedded-daemon': always muster's embedded EPMD, detached;
   * - 'in-process': the embedded EPMD inside this process, stopped with it (other nodes of the
   *   host lose their port mapper until one of them starts another; Erlang nodes never re-register);
   * - 'never': start nothing; keep trying to register until an EPMD appears.
   */
  readonly start?: PortMapperStart;
  /** @deprecated `false` is `start: 'never'`, `true` the default. */
  readonly startEmbedded?: boolean;
  /**
   * The EPMD to register with. Default: the host of this node's name when it is an IP address
   * (the address peers will ask), else 127.0.0.1 (the local EPMD, as `erl` registers).
   */
  readonly registerHost?: string;
  /**
   * Where a started port mapper listens. Default: the registration address (plus 127.0.0.1
   * when that is a non-loopback IPv4, as erts epmd always adds loopback), or every interface
   * (0.0.0.0) when the node's host is a DNS name.
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
  private daemon: StartedDaemon | undefined;
  /** When the registration was lost (clock ms), while it stays lost. */
  private lostAt: number | undefined;
  private retryDelay: number = epmdDefaults.reregisterInitialDelayMs;
  private closed = false;

  constructor(options: EpmdPortMappingOptions) {
    this.options = options;
    this.epmdPort = options.epmdPort ?? epmdPortFromEnv();
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
  }

  /** The in-process embedded EPMD this mapping started ('in-process' only). */
  get embeddedServer(): EpmdServer | undefined {
    return this.embedded;
  }

  /** The detached port mapper this mapping started, if it had to start one; it outlives us. */
  get startedDaemon(): StartedDaemon | undefined {
    return this.daemon;
  }

  private get start(): PortMapperStart {
    if (this.options.start !== undefined) return this.options.start;
    return this.options.startEmbedded === false ? 'never' : 'daemon';
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
    await this.register(true);
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

  /**
   * Registers, starting a port mapper if nothing listens and `mayStart` (and retrying if
   * another one won the port meanwhile).
   */
  private async register(mayStart: boolean): Promise<void> {
    const target = this.published;
    if (target === undefined) return;
    const host = this.registerHost(target.self);
    const input = {
      name: basenameOf(target.self),
      port: target.port,
      nodeType: this.options.hidden ? NodeType.HIDDEN : NodeType.NORMAL,
    };
    let registration: EpmdRegistration | undefined;
    let started = 0;
    let takenDelay = epmdDefaults.nameTakenRetryInitialMs;
    while (registration === undefined) {
      try {
        registration = await registerNode(host, this.epmdPort, input, this.requestOptions());
      } catch (err) {
        // Our previous incarnation's registration may still be there: epmd has not read the
        // FIN of its connection yet (erlang/otp#11083). Ask again a few times before failing.
        if (err instanceof EpmdNameTakenError && takenDelay <= epmdDefaults.nameTakenRetryMaxMs) {
          await new Promise<void>((resolve) =>
            this.clock.setTimeout(() => resolve(), takenDelay, true),
          );
          takenDelay *= 2;
          continue;
        }
        if (!mayStart || !this.canStartPortMapper(err) || started++ >= 2) throw err;
        await this.startPortMapper(target.self, host);
      }
    }
    if (this.closed || this.published !== target) {
      await registration.close();
      return;
    }
    this.registration = registration;
    this.lostAt = undefined;
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
      this.lostAt = this.clock.now();
      this.logger.warn(
        { err: error, host, epmdPort: this.epmdPort },
        'epmd registration lost; registering again',
      );
      this.scheduleReregister();
    });
  }

  private canStartPortMapper(err: unknown): boolean {
    if (this.start === 'never' || this.embedded !== undefined) return false;
    if (!(err instanceof EpmdUnreachableError)) return false;
    const cause = err.cause as NodeJS.ErrnoException | undefined;
    return cause?.code === 'ECONNREFUSED';
  }

  private async startPortMapper(self: NodeName, registerHost: string): Promise<void> {
    const hosts = this.embeddedHosts(self, registerHost);
    if (this.start === 'in-process') {
      await this.startEmbedded(hosts);
      return;
    }
    const list = typeof hosts === 'string' ? [hosts] : [...hosts];
    const daemon = await startEpmdDaemon({
      port: this.epmdPort,
      hosts: list.includes('0.0.0.0') ? [] : list,
      prefer: this.start === 'daemon' ? 'epmd' : 'embedded',
      readyTimeoutMs: epmdDefaults.daemonReadyTimeoutMs,
    });
    if (daemon === undefined) return; // another port mapper won the port: register with it
    this.daemon = daemon;
    this.logger.info(
      { pid: daemon.pid, kind: daemon.kind, port: this.epmdPort, hosts: list },
      'started an epmd daemon (it outlives this node)',
    );
  }

  private async startEmbedded(hosts: string | readonly string[]): Promise<void> {
    const server = new EpmdServer({ host: hosts, port: this.epmdPort, logger: this.logger });
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
      // Whoever holds the port gets our registration. Leave the port to a supervisor that
      // restarts its epmd for a grace period before starting a port mapper of our own.
      const lostFor = this.clock.now() - (this.lostAt ?? this.clock.now());
      this.register(lostFor >= epmdDefaults.portMapperGraceMs).catch((err: unknown) => {
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
