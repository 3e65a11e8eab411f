import type { NodeName } from './node-name.js';
import type { PendingDiff } from './node-set-diff.js';

/** What a source's answer is keyed by: a string, or a number (an IPv4 address's 32 bits). */
export type NodeKey = string | number;

/**
 * What a polling strategy last reported, keyed by what its source answers with (an address),
 * so a poll that repeats most of the last answer costs one lookup per record: no name is built
 * again and no second set of names is made. Each key found marks its slot with the poll's
 * generation; the slots left unmarked were removed. Names already made are handed on as the
 * same string objects, so every later lookup of them (membership, transport, connect queue)
 * matches by identity instead of comparing characters.
 *
 * Numbers are the fast keys: a string key's lookup reads the stored string to compare it (a
 * cache miss per record at 100,000 records), a number is compared inside the table. Slots
 * live in flat arrays, so the walk for what is missing is sequential.
 */
export class KeyedNodeSet {
  private readonly slots = new Map<NodeKey, number>();
  private readonly keys: NodeKey[] = [];
  private readonly names: (NodeName | undefined)[] = [];
  /** Per slot: the last generation whose answer listed its key. */
  private readonly seen: number[] = [];
  private readonly free: number[] = [];
  private generation = 0;
  private known: Set<NodeName> | undefined;

  get size(): number {
    return this.slots.size;
  }

  /** The names held, as a Set made on first use after a change (for `known()`). */
  nameSet(): ReadonlySet<NodeName> {
    if (this.known === undefined) {
      this.known = new Set();
      for (const name of this.names) if (name !== undefined) this.known.add(name);
    }
    return this.known;
  }

  /**
   * The minimal diff from what was committed last to the answer `items` (repeated keys count
   * once). `keyOf` and `nameOf` must be one-to-one with each other (canonicalise first: an
   * IPv6 address has many spellings); `nameOf` runs only for keys not held. Nothing changes
   * until `commit()`, so a poll abandoned in between leaves the set as it was; only the latest
   * comparison may be committed (polls never overlap).
   */
  compare<T>(
    items: readonly T[],
    keyOf: (item: T) => NodeKey,
    nameOf: (item: T, key: NodeKey) => NodeName,
  ): PendingDiff {
    const generation = ++this.generation;
    const { slots, seen } = this;
    const added: NodeName[] = [];
    const addedKeys: NodeKey[] = [];
    let fresh: Set<NodeKey> | undefined;
    let kept = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const key = keyOf(item);
      const slot = slots.get(key);
      if (slot !== undefined) {
        if (seen[slot] !== generation) {
          seen[slot] = generation;
          kept++;
        }
        continue;
      }
      fresh ??= new Set();
      if (fresh.has(key)) continue;
      fresh.add(key);
      added.push(nameOf(item, key));
      addedKeys.push(key);
    }
    const removed: NodeName[] = [];
    const gone: number[] = [];
    // Every key listed again: no need to walk the slots for what is missing.
    if (kept !== slots.size) {
      const { names } = this;
      for (let slot = 0; slot < names.length; slot++) {
        const name = names[slot];
        if (name !== undefined && seen[slot] !== generation) {
          removed.push(name);
          gone.push(slot);
        }
      }
    }
    return {
      added,
      removed,
      commit: () => this.commit(gone, addedKeys, added),
    };
  }

  private commit(gone: readonly number[], keys: readonly NodeKey[], names: readonly NodeName[]) {
    if (gone.length === 0 && keys.length === 0) return;
    this.known = undefined;
    for (const slot of gone) {
      this.slots.delete(this.keys[slot]!);
      this.names[slot] = undefined;
      this.free.push(slot);
    }
    for (let i = 0; i < keys.length; i++) {
      const slot = this.free.pop() ?? this.names.length;
      this.keys[slot] = keys[i]!;
      this.names[slot] = names[i]!;
      this.seen[slot] = this.generation;
      this.slots.set(keys[i]!, slot);
    }
  }
}
