import type { Socket } from 'node:net';
import { EventEmitter } from 'eventemitter3';
import type { MusterError } from '../core/errors.js';
import { EpmdUnreachableError } from './epmd-errors.js';

export interface RegistrationClose {
  /** True when `close()` ended it; false when the EPMD or the network dropped the connection. */
  readonly expected: boolean;
  readonly error?: MusterError;
}

export interface EpmdRegistrationEvents {
  close: (info: RegistrationClose) => void;
}

/**
 * A name registered with an EPMD. As in erts, the registration lives exactly as long as this
 * TCP connection: `close()` unregisters by closing it, and if the EPMD goes away the
 * registration is gone too (`close` with `expected: false`; register again to come back).
 */
export class EpmdRegistration extends EventEmitter<EpmdRegistrationEvents> {
  readonly host: string;
  readonly epmdPort: number;
  readonly name: string;
  readonly port: number;
  /** The creation number the EPMD gave this incarnation of the node. */
  readonly creation: number;
  private closing = false;
  private ended = false;
  private readonly endedPromise: Promise<void>;

  constructor(
    socket: Socket,
    info: { host: string; epmdPort: number; name: string; port: number; creation: number },
  ) {
    super();
    this.host = info.host;
    this.epmdPort = info.epmdPort;
    this.name = info.name;
    this.port = info.port;
    this.creation = info.creation;
    this.socket = socket;
    let lastError: Error | undefined;
    this.endedPromise = new Promise((resolve) => {
      socket.on('error', (err) => {
        lastError = err;
      });
      // epmd never writes on a registration connection after the reply; read and drop.
      socket.on('data', () => {});
      socket.once('close', () => {
        this.ended = true;
        const expected = this.closing;
        const error = expected
          ? undefined
          : new EpmdUnreachableError(
              this.host,
              this.epmdPort,
              lastError ?? new Error('EPMD closed the registration'),
            );
        this.emit('close', error === undefined ? { expected } : { expected, error });
        resolve();
      });
    });
    socket.resume();
  }

  private readonly socket: Socket;

  /** Whether the registration is still held. */
  get active(): boolean {
    return !this.ended;
  }

  /** Unregisters (closes the connection); resolves once it is closed. Idempotent. */
  async close(): Promise<void> {
    if (!this.ended) {
      this.closing = true;
      this.socket.end();
      this.socket.destroySoon();
    }
    await this.endedPromise;
  }
}
