import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerCommand, PeerEvent } from './tcp-peer-process.js';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** The parent's handle on a tcp-peer-process child. */
export class PeerProcess {
  readonly child: ChildProcess;
  readonly events: PeerEvent[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly listeners = new Set<(e: PeerEvent) => void>();

  constructor() {
    const script = fileURLToPath(new URL('./tcp-peer-process.ts', import.meta.url));
    this.child = fork(script, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (event: PeerEvent) => {
      if (event.op === 'reply') {
        this.pending.get(event.id)?.(event.result);
        this.pending.delete(event.id);
        return;
      }
      this.events.push(event);
      for (const l of this.listeners) l(event);
    });
  }

  request<T = unknown>(cmd: WithoutId<PeerCommand>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, resolve as (r: unknown) => void);
      this.child.send({ ...cmd, id });
    });
  }

  /** Resolves with the first event (past or future) that matches. */
  waitEvent(match: (e: PeerEvent) => boolean): Promise<PeerEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const l = (e: PeerEvent) => {
        if (!match(e)) return;
        this.listeners.delete(l);
        resolve(e);
      };
      this.listeners.add(l);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
