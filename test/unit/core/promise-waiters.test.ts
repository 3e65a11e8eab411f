import { describe, expect, it } from 'vitest';
import { PromiseWaiters } from '../../../src/core/promise-waiters.js';

describe('PromiseWaiters', () => {
  it('calls the waiters still there with the value, never synchronously', async () => {
    const waiters = new PromiseWaiters<number>();
    let resolve!: (n: number) => void;
    const promise = new Promise<number>((r) => {
      resolve = r;
    });
    const heard: string[] = [];
    waiters.join(promise, (n) => heard.push(`a${n}`));
    const leaveB = waiters.join(promise, (n) => heard.push(`b${n}`));
    const shared = (n: number) => heard.push(`c${n}`);
    waiters.join(promise, shared);
    const leaveC = waiters.join(promise, shared);
    leaveB();
    leaveC();
    resolve(7);
    expect(heard).toEqual([]);
    await promise;
    await Promise.resolve();
    expect(heard).toEqual(['a7', 'c7']);
  });

  it('a promise that settled is forgotten: joining again waits on it afresh', async () => {
    const waiters = new PromiseWaiters<void>();
    const done = Promise.resolve();
    let calls = 0;
    waiters.join(done, () => calls++);
    await done;
    await Promise.resolve();
    waiters.join(done, () => calls++);
    await done;
    await Promise.resolve();
    expect(calls).toBe(2);
  });
});
