/** The part of a demo node that convergence looks at. */
export interface ConvergenceNode {
  readonly name: string;
  readonly state: string;
  readonly peers: ReadonlySet<string>;
}

/**
 * Converged: no node is starting, and every node that is up lists exactly the other nodes that
 * are up. Nodes leaving or gone are not members; the members must have dropped them.
 */
export function isConverged(nodes: readonly ConvergenceNode[]): boolean {
  if (nodes.some((n) => n.state === 'starting')) return false;
  const members = nodes.filter((n) => n.state === 'up');
  return members.every(
    (m) =>
      m.peers.size === members.length - 1 && members.every((o) => o === m || m.peers.has(o.name)),
  );
}

/** What stands between `nodes` and convergence, for a failure message. */
export function describeGaps(nodes: readonly ConvergenceNode[]): string {
  const members = nodes.filter((n) => n.state === 'up');
  const gaps: string[] = [];
  for (const n of nodes) if (n.state === 'starting') gaps.push(`${n.name} is still starting`);
  for (const m of members) {
    const missing = members.filter((o) => o !== m && !m.peers.has(o.name)).map((o) => o.name);
    const extra = [...m.peers].filter((p) => !members.some((o) => o.name === p));
    if (missing.length > 0) gaps.push(`${m.name} lacks ${missing.join(', ')}`);
    if (extra.length > 0) gaps.push(`${m.name} still lists ${extra.join(', ')}`);
  }
  return gaps.join('; ') || 'nothing';
}
