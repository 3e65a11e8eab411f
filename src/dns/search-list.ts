/**
 * The names getaddrinfo (glibc res_search) tries for `name`, in order:
 * - a trailing dot makes the name absolute: only it is tried;
 * - a name with at least `ndots` dots is tried as-is first;
 * - then the name with each search suffix appended;
 * - then, if it had fewer than `ndots` dots, as-is last.
 * Returned names carry no trailing dot.
 */
export function searchCandidates(name: string, search: readonly string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  let dots = 0;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) === 46) dots++;
  const out: string[] = [];
  const asIsFirst = dots >= ndots;
  if (asIsFirst) out.push(name);
  for (const suffix of search) {
    const full = `${name}.${suffix}`;
    if (!out.includes(full)) out.push(full);
  }
  if (!asIsFirst && !out.includes(name)) out.push(name);
  return out;
}
