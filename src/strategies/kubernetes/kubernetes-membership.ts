import type { NodeName } from '../../core/node-name.js';
import type { PendingDiff } from '../../core/node-set-diff.js';

/**
 * Which names each listed object (an EndpointSlice or a pod, by `namespace/name`) wants, and
 * the union of them all, kept incrementally: a watch event costs the size of one object, not
 * of the whole set. A name two objects list (a pod in two slices while the controller moves
 * it) stays until both drop it.
 */
export class ObjectMembership {
  private readonly byObject = new Map<string, readonly NodeName[]>();
  private readonly counts = new Map<NodeName, number>();
  private readonly names = new Set<NodeName>();

  known(): ReadonlySet<NodeName> {
    return this.names;
  }

  /** Objects that want at least one name. */
  get objects(): number {
    return this.byObject.size;
  }

  has(key: string): boolean {
    return this.byObject.has(key);
  }

  /** Sets what one object wants (an empty list or `undefined` removes the object). */
  set(key: string, wanted: readonly NodeName[] | undefined): PendingDiff {
    const touched = new Map<NodeName, boolean>();
    this.apply(key, wanted, touched);
    return this.settle(touched);
  }

  /** Replaces every object at once (a fresh list): objects not in `objects` are dropped. */
  replaceAll(objects: ReadonlyMap<string, readonly NodeName[]>): PendingDiff {
    const touched = new Map<NodeName, boolean>();
    for (const key of [...this.byObject.keys()]) {
      if (!objects.has(key)) this.apply(key, undefined, touched);
    }
    for (const [key, wanted] of objects) this.apply(key, wanted, touched);
    return this.settle(touched);
  }

  /** Updates counts; `touched` remembers whether each changed name was held before. */
  private apply(
    key: string,
    wanted: readonly NodeName[] | undefined,
    touched: Map<NodeName, boolean>,
  ): void {
    const before = this.byObject.get(key);
    const next = wanted === undefined || wanted.length === 0 ? undefined : [...new Set(wanted)];
    for (const name of before ?? []) this.bump(name, -1, touched);
    for (const name of next ?? []) this.bump(name, 1, touched);
    if (next === undefined) this.byObject.delete(key);
    else this.byObject.set(key, next);
  }

  private bump(name: NodeName, by: number, touched: Map<NodeName, boolean>): void {
    if (!touched.has(name)) touched.set(name, this.names.has(name));
    const n = (this.counts.get(name) ?? 0) + by;
    if (n <= 0) {
      this.counts.delete(name);
      this.names.delete(name);
    } else {
      this.counts.set(name, n);
      this.names.add(name);
    }
  }

  /** The diff is applied already; `commit` has nothing left to do (events never overlap). */
  private settle(touched: Map<NodeName, boolean>): PendingDiff {
    const added: NodeName[] = [];
    const removed: NodeName[] = [];
    for (const [name, held] of touched) {
      const now = this.names.has(name);
      if (now && !held) added.push(name);
      else if (!now && held) removed.push(name);
    }
    return { added, removed, commit: () => {} };
  }
}
