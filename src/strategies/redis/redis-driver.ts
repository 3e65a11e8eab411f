import type { createClient } from 'redis';
import type { NodeName } from '../../core/node-name.js';
import { redactUrl } from '../store/redact-url.js';
import type { StoreDriver, StoreListener, StoreSession } from '../store/store-session.js';
import type { RedisConfig } from './redis-config.js';

type CreateClient = typeof createClient;

/** The part of node-redis' client this driver uses (its generics differ per RESP version). */
interface RedisClient {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  duplicate(): RedisClient;
  on(event: 'error' | 'end', listener: (err?: unknown) => void): unknown;
  removeAllListeners(event: string): unknown;
  sendCommand(args: string[]): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  del(key: string): Promise<number>;
  subscribe(channel: string, listener: (message: string) => void): Promise<void>;
  destroy(): void;
}

/** Keys per SCAN step: large enough for few round trips, small enough not to stall Redis. */
const SCAN_COUNT = 500;

/**
 * Two node-redis connections per session: one for commands, one subscribed to
 * `<prefix>events` (a subscribed connection can run nothing else). Each node is the key
 * `<prefix>node:<name>` set with `PX ttl`, so Redis expires it by its own clock.
 * Reconnecting is left to StoreStrategy (one backoff policy for every store), so node-redis'
 * own reconnect strategy is off.
 *
 * Why node-redis rather than ioredis: it is the client Redis maintains and recommends for new
 * projects (redis/node-redis#2658), it is actively developed (RESP3, new commands), and
 * libraries such as connect-redis 9 have moved to it. Both would do for commands and pub/sub.
 */
export class RedisDriver implements StoreDriver {
  readonly target: string;
  private readonly nodeKey: string;
  private readonly channel: string;

  constructor(
    private readonly create: CreateClient,
    private readonly config: RedisConfig,
    private readonly self: NodeName,
    private readonly timeoutMs: number,
  ) {
    this.target = redactUrl(config.url);
    this.nodeKey = `${config.prefix}node:`;
    this.channel = `${config.prefix}events`;
  }

  async open(listener: StoreListener): Promise<StoreSession> {
    const client = this.create({
      url: this.config.url,
      socket: { reconnectStrategy: false, connectTimeout: this.timeoutMs },
      disableOfflineQueue: true,
    }) as unknown as RedisClient;
    const subscriber = client.duplicate();
    const clients = [client, subscriber];
    for (const c of clients) {
      // Registered before connect: node-redis throws on an 'error' nobody listens to.
      c.on('error', (err: unknown) => listener.lost(err));
      c.on('end', () => listener.lost(new Error('connection closed')));
    }
    const session = new RedisSession(
      client,
      subscriber,
      this.self,
      `${this.nodeKey}${this.self}`,
      this.nodeKey,
      this.channel,
      this.config.ttl,
    );
    try {
      await Promise.all([client.connect(), subscriber.connect()]);
      await subscriber.subscribe(this.channel, (message) => {
        const space = message.indexOf(' ');
        const op = message.slice(0, space);
        const node = message.slice(space + 1);
        if (op === 'join' || op === 'leave') {
          listener.changed([{ entry: node, join: op === 'join' }]);
        }
      });
      return session;
    } catch (err) {
      await session.close();
      throw err;
    }
  }
}

class RedisSession implements StoreSession {
  constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly self: NodeName,
    private readonly key: string,
    private readonly nodeKey: string,
    private readonly channel: string,
    private readonly ttl: number,
  ) {}

  async announce(): Promise<void> {
    // SET ... GET (Redis 6.2+) answers the old value: nil means the key is new (or expired).
    const previous = await this.client.sendCommand([
      'SET',
      this.key,
      this.self,
      'PX',
      String(this.ttl),
      'GET',
    ]);
    if (previous === null) await this.client.publish(this.channel, `join ${this.self}`);
  }

  async list(): Promise<string[]> {
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = (await this.client.sendCommand([
        'SCAN',
        cursor,
        'MATCH',
        `${escapeGlob(this.nodeKey)}*`,
        'COUNT',
        String(SCAN_COUNT),
      ])) as [string, string[]];
      cursor = next;
      // A key SCAN saw may expire before we read it: SCAN's names are enough, no GET needed.
      for (const k of keys) out.push(k.slice(this.nodeKey.length));
    } while (cursor !== '0');
    return out;
  }

  async withdraw(): Promise<void> {
    const removed = await this.client.del(this.key);
    if (removed > 0) await this.client.publish(this.channel, `leave ${this.self}`);
  }

  async close(): Promise<void> {
    for (const c of [this.client, this.subscriber]) {
      c.removeAllListeners('error');
      c.removeAllListeners('end');
      c.on('error', () => {});
      // destroy(): a paused or vanished server never answers QUIT.
      if (c.isOpen) c.destroy();
    }
  }
}

/** SCAN MATCH is a glob: a prefix holding `*?[]\` must match literally. */
function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}
