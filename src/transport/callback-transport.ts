import { ConnectError, ConnectErrorCode } from '../core/errors.js';
import type { NodeName } from '../core/node-name.js';
import { MembershipTransport } from './membership-transport.js';
import type { DialOptions, TransportStartOptions } from './transport.js';

/** libcluster's connect/disconnect/list hooks: the user decides what "connected" means. */
export interface CallbackTransportOptions {
  readonly kind: 'callback';
  connect(node: NodeName): boolean | Promise<boolean>;
  disconnect(node: NodeName): unknown;
  /** What the user's side considers connected now; defaults to what the callbacks reported. */
  list?(): readonly string[];
  /**
   * Called once when the cluster starts, with what your side reports back to it
   * (docs/membership.md): ask `admit(peer)` before accepting a link a peer opened, and say
   * `closed(node)` when a link your `connect` opened is gone.
   */
  start?(self: NodeName, cluster: CallbackTransportContext): unknown;
}

/** What a callback transport's `start` hook receives. */
export interface CallbackTransportContext {
  /**
   * Whether this node admits `peer` now, as the tcp transport asks in its handshake: refuse
   * the peer's link when it resolves false. Always true under `admit: 'any'`; with
   * `'wanted'`, a node that discovery removed stays out while its process keeps connecting.
   * May wait for discovery polls, at most the cluster's `admitWait` (ms); never rejects.
   */
  admit(peer: NodeName): Promise<boolean>;
  /**
   * The link to `node` is gone without `disconnect` (the peer closed it): `nodedown` with
   * reason `closed`, and the cluster connects again, with backoff, while it wants `node`.
   * Ignored for a node that is not connected.
   */
  closed(node: NodeName): void;
}

export class CallbackTransport extends MembershipTransport {
  private readonly options: CallbackTransportOptions;

  constructor(options: CallbackTransportOptions) {
    super();
    this.options = options;
  }

  override async start(self: NodeName, options: TransportStartOptions = {}): Promise<void> {
    const admit = options.admit;
    await this.options.start?.(self, {
      admit: async (peer) => (admit === undefined ? true : admit(peer)),
      closed: (node) => this.markDown(node, 'closed'),
    });
  }

  /**
   * Calls the user's `connect`: true is up; false or a throw is `unreachable` (the hook cannot
   * say more), retried like any other failure. A hook that answers after the signal fired is
   * ignored: the cluster has given up on it.
   */
  override async dial(node: NodeName, { signal }: DialOptions): Promise<void> {
    if (this.connected.has(node)) return;
    let ok: boolean;
    try {
      ok = (await this.options.connect(node)) === true;
    } catch (err) {
      throw new ConnectError(
        node,
        ConnectErrorCode.unreachable,
        (err as Error)?.message ?? String(err),
        {
          cause: err,
        },
      );
    }
    if (signal.aborted) {
      throw new ConnectError(node, ConnectErrorCode.aborted, 'the connect was given up');
    }
    if (!ok)
      throw new ConnectError(node, ConnectErrorCode.unreachable, 'the connect hook said false');
    this.markUp(node);
  }

  override async disconnect(node: NodeName): Promise<void> {
    if (!this.connected.has(node)) return;
    try {
      await this.options.disconnect(node);
    } finally {
      this.markDown(node, 'disconnect');
    }
  }

  /**
   * Leaving undoes joining: the user's `disconnect` runs for every node still connected, then
   * each is down with `stopped`. A hook that throws does not stop the others; the first error
   * is rethrown at the end (the cluster logs it).
   */
  override async stop(): Promise<void> {
    let failure: unknown;
    for (const node of [...this.connected]) {
      try {
        await this.options.disconnect(node);
      } catch (err) {
        failure ??= err;
      }
      this.markDown(node, 'stopped');
    }
    if (failure !== undefined) throw failure;
  }

  override nodes(): NodeName[] {
    return this.options.list ? (this.options.list() as NodeName[]).slice() : super.nodes();
  }
}
