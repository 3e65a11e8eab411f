import { type ChildProcess, fork } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Clock } from '../../src/core/clock.js';
import { systemClock } from '../../src/core/clock.js';
import type { MusterError } from '../../src/core/errors.js';
import { type Logger, REDACTED_PATHS, silentLogger } from '../../src/core/logger.js';
import { type NodeName, toNodeName } from '../../src/core/node-name.js';
import { EtcdStrategy } from '../../src/strategies/etcd/etcd-strategy.js';
import { PostgresStrategy } from '../../src/strategies/postgres/postgres-strategy.js';
import { RedisStrategy } from '../../src/strategies/redis/redis-strategy.js';
import type { StoreStrategy } from '../../src/strategies/store/store-strategy.js';
import { isAlive } from './store-server-process.js';

export type StoreStrategyName = 'postgres' | 'redis' | 'etcd';

type StoreClass = {
  new (context: ConstructorParameters<typeof PostgresStrategy>[0]): StoreStrategy<unknown>;
  parseConfig(raw: unknown): unknown;
};

export function storeStrategyClass(name: StoreStrategyName): StoreClass {
  const classes = { postgres: PostgresStrategy, redis: RedisStrategy, etcd: EtcdStrategy };
  return classes[name] as unknown as StoreClass;
}

/** A debug-level logger (redacting as the default one does) and every line it wrote. */
export function captureLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { logger, text: () => lines.join('') };
}

/** A store strategy in this process, with what it emitted. */
export interface StoreNode {
  readonly self: NodeName;
  readonly strategy: StoreStrategy<unknown>;
  readonly errors: MusterError[];
  /** Resolves once `known()` equals `names` exactly (checked at every diff). */
  waitForKnown(names: readonly string[]): Promise<void>;
  /** Resolves at the next error. */
  nextError(): Promise<MusterError>;
}

export function storeNode(
  name: StoreStrategyName,
  config: Record<string, unknown>,
  self: string,
  options: { clock?: Clock; logger?: Logger } = {},
): StoreNode {
  const Class = storeStrategyClass(name);
  const strategy = new Class({
    topology: `${name}-test`,
    config: Class.parseConfig(config) as never,
    logger: options.logger ?? silentLogger(),
    clock: options.clock ?? systemClock,
    self: toNodeName(self),
  });
  const errors: MusterError[] = [];
  strategy.on('error', (e) => errors.push(e));
  return {
    self: toNodeName(self),
    strategy,
    errors,
    waitForKnown: (names) => waitForKnown(strategy, names),
    nextError: () => new Promise((resolve) => strategy.once('error', resolve)),
  };
}

const same = (known: ReadonlySet<string>, names: readonly string[]) =>
  known.size === new Set(names).size && names.every((n) => known.has(n));

export function waitForKnown(
  strategy: StoreStrategy<unknown>,
  names: readonly string[],
): Promise<void> {
  return new Promise((resolve) => {
    if (same(strategy.known(), names)) return resolve();
    const check = () => {
      if (!same(strategy.known(), names)) return;
      strategy.off('diff', check);
      resolve();
    };
    strategy.on('diff', check);
  });
}

/** A store node in a child process (for kill -9), driven over IPC. */
export class StoreNodeProcess {
  readonly child: ChildProcess;
  readonly connected: Promise<void>;
  private readonly exited: Promise<void>;

  constructor(name: StoreStrategyName, config: Record<string, unknown>, self: string, skewMs = 0) {
    const script = fileURLToPath(new URL('./store-node-process.ts', import.meta.url));
    this.child = fork(script, [name, JSON.stringify(config), self, String(skewMs)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.connected = new Promise((resolve, reject) => {
      this.child.on('message', (m: { op: string }) => {
        if (m.op === 'connected') resolve();
      });
      this.child.once('exit', (code) => reject(new Error(`store node exited (${code})`)));
    });
    this.connected.catch(() => {});
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** kill -9, resolved once the process is gone (judged from /proc, zombies ignored). */
  async kill(): Promise<void> {
    const pid = this.child.pid!;
    this.child.kill('SIGKILL');
    await this.exited;
    if (isAlive(pid)) throw new Error(`store node ${pid} still alive after SIGKILL`);
  }
}
