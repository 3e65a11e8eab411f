/**
 * Callbacks waiting for promises that may take long to settle, or never do (a topology's first
 * answer while its source is down): one reaction per promise, however many wait on it, and a
 * waiter that gives up (its own deadline) leaves at once and is not kept. Hanging one `then`
 * per waiter would keep every waiter for as long as the promise stays pending.
 */
export class PromiseWaiters<T> {
  private readonly waiting = new Map<Promise<T>, Set<(value: T) => void>>();

  /**
   * Calls `onSettled` with the value of `promise` once it fulfils (never synchronously), unless
   * the returned `leave` was called first.
   */
  join(promise: Promise<T>, onSettled: (value: T) => void): () => void {
    let waiters = this.waiting.get(promise);
    if (waiters === undefined) {
      const these = new Set<(value: T) => void>();
      waiters = these;
      this.waiting.set(promise, these);
      void promise.then((value) => {
        this.waiting.delete(promise);
        for (const waiter of [...these]) waiter(value);
      });
    }
    // Its own function, so the same callback joining twice leaves twice.
    const waiter = (value: T) => onSettled(value);
    const joined = waiters;
    joined.add(waiter);
    return () => {
      joined.delete(waiter);
    };
  }
}
