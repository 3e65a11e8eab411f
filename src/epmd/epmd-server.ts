import { createServer, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import { LifecycleError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { epmdDefaults } from './epmd-defaults.js';
import { EpmdListenError } from './epmd-errors.js';
import { type EpmdEntry, EpmdNameTable } from './epmd-name-table.js';
import { MAX_NAMES_REPLY_BYTES } from './epmd-names-reader.js';
import { QueryPool } from './epmd-query-pool.js';
import { encodeNamesResponse } from './epmd-replies.js';
import { handleConnection } from './epmd-server-connection.js';

export interface EpmdServerOptions {
  /**
   * Addresses to listen on, like epmd's `-address`. Default `0.0.0.0`, as erts epmd listens on
   * every interface: peers on other hosts must reach it to ask for ports.
   */
  readonly host?: string | readonly string[];
  /** Default 4369; 0 picks a free port (shared by every address). */
  readonly port?: number;
  /**
   * Milliseconds after which a connection that holds no registration is cut, request or not
   * (erts epmd's packet_timeout, 60 s there). Default 5,000.
   */
  readonly idleTimeout?: number;
  /** Announced request lengths above this close the connection. */
  readonly maxRequestBytes?: number;
  /**
   * Registrations held at once; past it ALIVE2 answers result 1. The NAMES reply is also kept
   * within the 1 MiB a NAMES client accepts. Default 4,096.
   */
  readonly maxRegistrations?: number;
  /** Connections without a registration held at once; past it the oldest is cut. Default 1,024. */
  readonly maxQueryConnections?: number;
  /** Of those, from one remote address; past it that address's oldest is cut. Default 64. */
  readonly maxQueryConnectionsPerAddress?: number;
  readonly logger?: Logger;
}

export interface EpmdServerEvents {
  register: (entry: EpmdEntry) => void;
  unregister: (entry: EpmdEntry) => void;
}

/**
 * An EPMD in this process, for hosts without Erlang, speaking the same protocol with the same
 * semantics as erts epmd: a registration lives with its connection, names are unique (a taken
 * name answers result 1), only local peers may register, PORT_PLEASE2 and NAMES reply then
 * close, every registration gets a fresh creation number, and idle or oversized requests are
 * cut. Registrations and the other connections have separate limits, so queries are always
 * served: a full table refuses ALIVE2, a full query pool cuts its oldest connection. Erlang nodes (`ERL_EPMD_PORT`) and `epmd -names` work against it.
 */
export class EpmdServer extends EventEmitter<EpmdServerEvents> {
  private readonly hosts: readonly string[];
  private readonly requestedPort: number;
  private readonly logger: Logger;
  private readonly table: EpmdNameTable;
  private readonly queries: QueryPool;
  private namesCache: { version: number; epmdPort: number; reply: Buffer } | undefined;
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly options: EpmdServerOptions;
  private boundPort: number | undefined;
  private state: 'new' | 'starting' | 'listening' | 'stopped' = 'new';

  constructor(options: EpmdServerOptions = {}) {
    super();
    this.options = options;
    const host = options.host ?? '0.0.0.0';
    this.hosts = typeof host === 'string' ? [host] : [...host];
    if (this.hosts.length === 0) throw new LifecycleError('EpmdServer needs at least one host');
    this.requestedPort = options.port ?? epmdDefaults.port;
    this.logger = options.logger ?? silentLogger();
    this.table = new EpmdNameTable({
      maxEntries: options.maxRegistrations ?? epmdDefaults.maxRegistrations,
      maxNamesReplyBytes: MAX_NAMES_REPLY_BYTES,
    });
    this.queries = new QueryPool({
      maxSockets: options.maxQueryConnections ?? epmdDefaults.maxQueryConnections,
      maxPerAddress:
        options.maxQueryConnectionsPerAddress ?? epmdDefaults.maxQueryConnectionsPerAddress,
    });
  }

  /** The port it listens on, once started. */
  get port(): number {
    if (this.boundPort === undefined) throw new LifecycleError('EpmdServer is not listening');
    return this.boundPort;
  }

  get addresses(): readonly string[] {
    return this.hosts;
  }

  /** The names registered right now. */
  names(): EpmdEntry[] {
    return this.table.list();
  }

  /** Listens on every address; rejects with MUSTER_ERR_EPMD_LISTEN (e.g. the port is taken). */
  async start(): Promise<{ port: number; hosts: readonly string[] }> {
    if (this.state !== 'new')
      throw new LifecycleError(`EpmdServer cannot start when ${this.state}`);
    this.state = 'starting';
    let port = this.requestedPort;
    try {
      for (const host of this.hosts) {
        const server = this.newServer();
        this.servers.push(server);
        port = await listen(server, host, port);
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
    this.boundPort = port;
    this.state = 'listening';
    this.logger.info({ hosts: this.hosts, port }, 'epmd: listening');
    return { port, hosts: this.hosts };
  }

  /** Closes every listener and connection (so every registration ends). Idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    const closing = this.servers.map(
      (s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve())),
    );
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(closing);
    this.table.clear();
  }

  private newServer(): Server {
    const server = createServer((socket) => {
      if (this.state === 'stopped') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.queries.admit(socket);
      handleConnection(socket, {
        table: this.table,
        logger: this.logger,
        idleTimeoutMs: this.options.idleTimeout ?? epmdDefaults.idleTimeoutMs,
        maxRequestBytes: this.options.maxRequestBytes ?? epmdDefaults.maxRequestBytes,
        namesReply: () => this.namesReply(),
        registered: (entry, registeredSocket) => {
          this.queries.release(registeredSocket);
          this.logger.debug({ name: entry.name, port: entry.port }, 'epmd: registered');
          this.emit('register', entry);
        },
        unregistered: (entry) => {
          this.logger.debug({ name: entry.name }, 'epmd: unregistered');
          this.emit('unregister', entry);
        },
      });
    });
    server.on('error', (err) => this.logger.error({ err }, 'epmd: listener error'));
    return server;
  }

  /** The NAMES reply, built once per change of the table and shared by every asker. */
  private namesReply(): Buffer {
    const version = this.table.version;
    const epmdPort = this.boundPort ?? this.requestedPort;
    const cache = this.namesCache;
    if (cache !== undefined && cache.version === version && cache.epmdPort === epmdPort) {
      return cache.reply;
    }
    const nodes = this.table.list().map((e) => ({ name: e.name, port: e.port }));
    const reply = encodeNamesResponse({ epmdPort, nodes });
    this.namesCache = { version, epmdPort, reply };
    return reply;
  }
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(new EpmdListenError(host, port, err));
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}
