import type { Etcd3, IOptions, Lease, Watcher } from 'etcd3';
import type { NodeName } from '../../core/node-name.js';
import { redactUrl } from '../store/redact-url.js';
import type { StoreDriver, StoreListener, StoreSession } from '../store/store-session.js';
import type { EtcdConfig } from './etcd-config.js';

type Etcd3Class = new (options: IOptions) => Etcd3;

/** Endpoints without their user info, and the first credentials found in them. */
export function splitEndpoints(endpoints: readonly string[]): {
  hosts: string[];
  auth: { username: string; password: string } | undefined;
} {
  let auth: { username: string; password: string } | undefined;
  const hosts = endpoints.map((raw) => {
    const url = new URL(raw);
    if (auth === undefined && url.username !== '') {
      auth = {
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
      };
    }
    return `${url.protocol}//${url.host}`;
  });
  return { hosts, auth };
}

/**
 * One etcd3 client per session. The node's key lives under a lease that etcd3 keeps alive
 * (every ttl/3); etcd deletes the key when the lease runs out, by the server's clock. A read
 * of the prefix gives a revision; the watch starts just after it, so nothing falls between.
 */
export class EtcdDriver implements StoreDriver {
  readonly target: string;

  constructor(
    private readonly Etcd3: Etcd3Class,
    private readonly config: EtcdConfig,
    private readonly self: NodeName,
    private readonly timeoutMs: number,
  ) {
    this.target = config.endpoints.map(redactUrl).join(',');
  }

  async open(listener: StoreListener): Promise<StoreSession> {
    const { hosts, auth } = splitEndpoints(this.config.endpoints);
    const timeoutMs = this.timeoutMs;
    const client = new this.Etcd3({
      hosts,
      ...(auth ? { auth } : {}),
      dialTimeout: timeoutMs,
      // Wall clock on purpose: grpc-js takes a deadline as epoch ms (a Date's value).
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeoutMs }),
    });
    const lease = client.lease(Math.ceil(this.config.ttl / 1000), { autoKeepAlive: true });
    lease.on('lost', (err) => listener.lost(err));
    // A keep-alive unanswered for a whole ttl (or a broken stream): the entry may be gone, and
    // etcd3 would only report 'lost' after twice the ttl. Reconnect and re-announce instead.
    lease.on('keepaliveFailed', (err) => listener.lost(err));
    const session = new EtcdSession(client, lease, this.config.prefix, this.self, listener);
    try {
      await lease.grant();
      return session;
    } catch (err) {
      await session.close();
      throw err;
    }
  }
}

class EtcdSession implements StoreSession {
  private watcher: Watcher | undefined;

  constructor(
    private readonly client: Etcd3,
    private readonly lease: Lease,
    private readonly prefix: string,
    private readonly self: NodeName,
    private readonly listener: StoreListener,
  ) {}

  async announce(): Promise<void> {
    await this.lease.put(`${this.prefix}${this.self}`).value(this.self);
  }

  async list(): Promise<string[]> {
    // The old watch goes first: its late events must not land on top of a newer read.
    await this.stopWatch();
    const res = await this.client.getAll().prefix(this.prefix).exec();
    const names = res.kvs.map((kv) => kv.key.toString().slice(this.prefix.length));
    const from = (BigInt(res.header.revision) + 1n).toString();
    const watcher = await this.client.watch().prefix(this.prefix).startRevision(from).create();
    this.watcher = watcher;
    const prefix = this.prefix.length;
    // One watch response carries every event of a revision (a transaction): one diff.
    watcher.on('data', (res) => {
      if (res.compact_revision !== undefined && res.compact_revision !== '0') {
        this.listener.resync();
        return;
      }
      const changes = res.events.map((e) => ({
        entry: e.kv.key.toString().slice(prefix),
        join: e.type === 'Put',
      }));
      if (changes.length > 0) this.listener.changed(changes);
    });
    // A compacted start revision cancels the watch with an error: read everything again.
    watcher.on('error', () => this.listener.resync());
    watcher.on('disconnected', (err) => this.listener.lost(err));
    return names;
  }

  async withdraw(): Promise<void> {
    await this.lease.revoke();
  }

  async close(): Promise<void> {
    void this.stopWatch().catch(() => {});
    this.lease.removeAllListeners();
    this.lease.on('lost', () => {});
    this.lease.release();
    this.client.close();
  }

  private async stopWatch(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = undefined;
    if (watcher === undefined) return;
    watcher.removeAllListeners();
    watcher.on('error', () => {});
    await watcher.cancel();
  }
}
