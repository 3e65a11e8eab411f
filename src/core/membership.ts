import type { NodeName } from './node-name.js';
import type { NodeDiff } from './node-set-diff.js';

/**
 * The union of what every topology wants. A node stays wanted while any topology lists it;
 * each topology's own set is kept so a strategy that repeats itself cannot skew the counts.
 */
export class Membership {
  private readonly byTopology = new Map<string, Set<NodeName>>();
  private readonly wantedBy = new Map<NodeName, number>();

  /** Applies one topology's diff; calls `touched` for every node whose wanted-ness may change. */
  apply(topology: string, diff: NodeDiff, touched: (node: NodeName) => void): void {
    let set = this.byTopology.get(topology);
    if (!set) {
      set = new Set();
      this.byTopology.set(topology, set);
    }
    for (const node of diff.added) {
      if (set.has(node)) continue;
      set.add(node);
      this.wantedBy.set(node, (this.wantedBy.get(node) ?? 0) + 1);
      touched(node);
    }
    for (const node of diff.removed) {
      if (!set.delete(node)) continue;
      const count = (this.wantedBy.get(node) ?? 1) - 1;
      if (count === 0) this.wantedBy.delete(node);
      else this.wantedBy.set(node, count);
      touched(node);
    }
  }

  /** Forgets a topology entirely (it stopped); its nodes are removed as by a diff. */
  dropTopology(topology: string, touched: (node: NodeName) => void): void {
    const set = this.byTopology.get(topology);
    if (!set) return;
    this.apply(topology, { added: [], removed: [...set] }, touched);
    this.byTopology.delete(topology);
  }

  wants(node: NodeName): boolean {
    return this.wantedBy.has(node);
  }

  wanted(): IterableIterator<NodeName> {
    return this.wantedBy.keys();
  }

  get size(): number {
    return this.wantedBy.size;
  }

  /** What one topology currently lists. */
  of(topology: string): ReadonlySet<NodeName> {
    return this.byTopology.get(topology) ?? new Set();
  }
}
