import { afterEach, describe, expect, it } from 'vitest';
import { ConnectError } from '../../src/core/errors.js';
import type { NodeName } from '../../src/core/node-name.js';
import type {
  NodeDownReason,
  Transport,
  TransportStartOptions,
} from '../../src/transport/transport.js';

/** Makes transports for one test, each started as the given name; `cleanup` stops them all. */
export interface ContractSubject {
  start(name: NodeName, options?: TransportStartOptions): Promise<Transport>;
  /** A name that nothing answers for. */
  readonly unreachable: NodeName;
  /** Fresh names for one test (distinct per test: no test sees another's leftovers). */
  names(count: number): NodeName[];
  cleanup(): Promise<void>;
}

interface Recorded {
  readonly ups: NodeName[];
  readonly downs: { node: NodeName; reason: NodeDownReason }[];
  readonly messages: { from: NodeName; topic: string; payload: unknown }[];
}

function record(t: Transport): Recorded {
  const r: Recorded = { ups: [], downs: [], messages: [] };
  t.on('nodeup', (n) => r.ups.push(n));
  t.on('nodedown', (node, reason) => r.downs.push({ node, reason }));
  t.on('message', (from, topic, payload) => r.messages.push({ from, topic, payload }));
  return r;
}

function next<T>(t: Transport, event: 'nodeup' | 'nodedown' | 'message', node: NodeName) {
  return new Promise<T>((resolve) => {
    const on = (n: NodeName, ...rest: unknown[]) => {
      if (n !== node) return;
      t.off(event, on);
      resolve([n, ...rest] as T);
    };
    t.on(event, on);
  });
}

const signal = () => new AbortController().signal;

/**
 * What every transport must do for a cluster (src/transport/transport.ts): the suite a
 * user-written transport runs to know it plugs in.
 */
export function transportContract(label: string, subject: () => ContractSubject): void {
  describe(`the Transport contract: ${label}`, () => {
    let s: ContractSubject;
    afterEach(async () => {
      await s?.cleanup();
    });

    it('dial resolves once the peer is up, and both ends fire nodeup once', async () => {
      s = subject();
      const [an, bn] = s.names(2);
      const a = await s.start(an!);
      const b = await s.start(bn!);
      const ra = record(a);
      const rb = record(b);
      const bUp = next(b, 'nodeup', an!);
      await a.dial(bn!, { signal: signal() });
      expect(a.isConnected(bn!)).toBe(true);
      expect(a.nodes()).toEqual([bn]);
      await bUp;
      expect(b.nodes()).toEqual([an]);
      // Dialing a node that is up settles at once, with no second nodeup.
      await a.dial(bn!, { signal: signal() });
      await b.dial(an!, { signal: signal() });
      expect(ra.ups).toEqual([bn]);
      expect(rb.ups).toEqual([an]);
    });

    it('rejects with a coded ConnectError when nothing answers, or when the signal fired', async () => {
      s = subject();
      const [an] = s.names(1);
      const a = await s.start(an!);
      const failed = await a.dial(s.unreachable, { signal: signal() }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(ConnectError);
      expect((failed as ConnectError).code).toMatch(/^MUSTER_ERR_/);
      expect((failed as ConnectError).node).toBe(s.unreachable);
      const aborted = new AbortController();
      aborted.abort();
      await expect(a.dial(s.unreachable, { signal: aborted.signal })).rejects.toMatchObject({
        code: 'MUSTER_ERR_CONNECT_ABORTED',
      });
      expect(a.nodes()).toEqual([]);
    });

    it('two ends dialing each other at once end with one connection, each dial settled', async () => {
      s = subject();
      const [an, bn] = s.names(2);
      const a = await s.start(an!);
      const b = await s.start(bn!);
      const ra = record(a);
      const rb = record(b);
      const bothUp = Promise.all([next(a, 'nodeup', bn!), next(b, 'nodeup', an!)]);
      const results = await Promise.allSettled([
        a.dial(bn!, { signal: signal() }),
        b.dial(an!, { signal: signal() }),
      ]);
      // A dial either succeeds or is refused because the other one wins (the cluster then
      // waits for the winner's nodeup).
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ refusal: 'simultaneous' });
      }
      await bothUp;
      expect(ra.ups).toEqual([bn]);
      expect(rb.ups).toEqual([an]);
      expect(ra.downs).toEqual([]);
      expect(rb.downs).toEqual([]);
    });

    it('carries messages both ways and broadcasts to every connected node', async () => {
      s = subject();
      const [an, bn, cn] = s.names(3);
      const a = await s.start(an!);
      const b = await s.start(bn!);
      const c = await s.start(cn!);
      await a.dial(bn!, { signal: signal() });
      await a.dial(cn!, { signal: signal() });
      const atB = next<[NodeName, string, unknown]>(b, 'message', an!);
      expect(a.send(bn!, 'greet', { n: 1 })).toBe(true);
      expect(await atB).toEqual([an, 'greet', { n: 1 }]);
      const back = next<[NodeName, string, unknown]>(a, 'message', bn!);
      b.send(an!, 'reply', [2]);
      expect(await back).toEqual([bn, 'reply', [2]]);
      const atC = next<[NodeName, string, unknown]>(c, 'message', an!);
      expect(a.broadcast('all', 'x')).toBe(2);
      expect(await atC).toEqual([an, 'all', 'x']);
      expect(a.send(s.unreachable, 't', 1)).toBe(false);
      // The optional reasons (SendResult) agree with send/broadcast where a transport has them.
      if (a.trySend !== undefined) {
        expect(a.trySend(bn!, 'greet', 2)).toBe('queued');
        expect(a.trySend(s.unreachable, 't', 1)).toBe('not_connected');
      }
      if (a.tryBroadcast !== undefined) {
        expect(a.tryBroadcast('all', 'y')).toEqual({ queued: 2, bufferFull: [] });
      }
    });

    it('disconnect and stop end connections with a reason from the closed set', async () => {
      s = subject();
      const [an, bn, cn] = s.names(3);
      const a = await s.start(an!);
      const b = await s.start(bn!);
      const c = await s.start(cn!);
      await a.dial(bn!, { signal: signal() });
      await c.dial(an!, { signal: signal() });
      const aDown = next<[NodeName, NodeDownReason]>(a, 'nodedown', bn!);
      const bDown = next<[NodeName, NodeDownReason]>(b, 'nodedown', an!);
      await a.disconnect(bn!);
      expect((await aDown)[1]).toBe('disconnect');
      expect(['closed', 'disconnect']).toContain((await bDown)[1]);
      expect(a.isConnected(bn!)).toBe(false);
      // A node that stops is seen leaving on purpose.
      const left = next<[NodeName, NodeDownReason]>(a, 'nodedown', cn!);
      await c.stop();
      expect((await left)[1]).toBe('shutdown');
      expect(a.nodes()).toEqual([]);
    });

    it('asks the acceptor whether it admits a proven peer, and a refusal fails the dial', async () => {
      s = subject();
      const [an, bn] = s.names(2);
      const asked: NodeName[] = [];
      const a = await s.start(an!);
      const b = await s.start(bn!, {
        admit: (peer) => {
          asked.push(peer);
          return false;
        },
      });
      await expect(a.dial(bn!, { signal: signal() })).rejects.toMatchObject({
        code: 'MUSTER_ERR_CONNECT_REFUSED',
        refusal: 'not_allowed',
        permanent: false,
      });
      expect(asked).toEqual([an]);
      expect(a.nodes()).toEqual([]);
      expect(b.nodes()).toEqual([]);
    });

    it('holds a handshake while the admission answer is a promise, then honours it', async () => {
      s = subject();
      const [an, bn, cn] = s.names(3);
      let askedA!: (letIn: (ok: boolean) => void) => void;
      const held = new Promise<(ok: boolean) => void>((resolve) => {
        askedA = resolve;
      });
      const asked: NodeName[] = [];
      const a = await s.start(an!);
      const c = await s.start(cn!);
      const b = await s.start(bn!, {
        admit: (peer) => {
          asked.push(peer);
          return new Promise<boolean>((resolve) => {
            if (peer === an) askedA(resolve);
            else resolve(false);
          });
        },
      });
      const up = a.dial(bn!, { signal: signal() });
      await expect(c.dial(bn!, { signal: signal() })).rejects.toMatchObject({
        refusal: 'not_allowed',
      });
      const letIn = await held;
      expect(a.isConnected(bn!)).toBe(false);
      letIn(true);
      await up;
      expect(b.nodes()).toEqual([an]);
      expect(asked.sort()).toEqual([an, cn].sort());
    });
  });
}
