import type { NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';

/**
 * The union of what every topology wants: a node stays wanted while any topology lists it.
 * Each topology's own set is kept, so a strategy that repeats itself cannot skew anything, and
 * "wanted" is a lookup in each set rather than a separate reference count: applying a
 * 100,000-name diff costs one set insert per name, and clusters have one or two topologies.
 */
export class Membership {
  private readonly byTopology = new Map<string, Set<NodeName>>();
  /** The sets of `byTopology`, as an array for the hot `wants` loop. */
  private sets: Set<NodeName>[] = [];

  /** Applies one topology's diff; calls `touched` for every node whose wanted-ness may change. */
  apply(topology: string, diff: NodeDiff, touched: (node: NodeName) => void): void {
    const set = this.setOf(topology);
    for (const node of diff.added) {
      const before = set.size;
      set.add(node);
      if (set.size !== before) touched(node);
    }
    for (const node of diff.removed) if (set.delete(node)) touched(node);
  }

  /** Forgets a topology entirely (it stopped); its nodes are removed as by a diff. */
  dropTopology(topology: string, touched: (node: NodeName) => void): void {
    const set = this.byTopology.get(topology);
    if (!set) return;
    this.byTopology.delete(topology);
    this.sets = [...this.byTopology.values()];
    for (const node of set) touched(node);
  }

  wants(node: NodeName): boolean {
    for (const set of this.sets) if (set.has(node)) return true;
    return false;
  }

  wanted(): Iterable<NodeName> {
    if (this.sets.length === 1) return this.sets[0]!;
    const all = new Set<NodeName>();
    for (const set of this.sets) for (const node of set) all.add(node);
    return all;
  }

  /** What one topology currently lists. */
  of(topology: string): ReadonlySet<NodeName> {
    return this.byTopology.get(topology) ?? new Set();
  }

  private setOf(topology: string): Set<NodeName> {
    let set = this.byTopology.get(topology);
    if (!set) {
      set = new Set();
      this.byTopology.set(topology, set);
      this.sets = [...this.byTopology.values()];
    }
    return set;
  }
}
