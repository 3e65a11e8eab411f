/**
 * Label and field selectors as the API server parses them (Kubernetes "Labels and Selectors":
 * `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma-joined, all must
 * hold). Returns a predicate, or a string saying what is wrong (the server's 400).
 */
export type Matcher = (labels: Readonly<Record<string, string>>) => boolean;

export function parseLabelSelector(text: string): Matcher | string {
  const clauses = splitClauses(text.trim());
  const tests: Matcher[] = [];
  for (const raw of clauses) {
    const clause = raw.trim();
    if (clause === '') continue;
    let m = /^([A-Za-z0-9_./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(clause);
    if (m) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      const values = new Set(list.split(',').map((v) => v.trim()));
      tests.push(
        op === 'in'
          ? (l) => l[key] !== undefined && values.has(l[key]!)
          : (l) => l[key] === undefined || !values.has(l[key]!),
      );
      continue;
    }
    m = /^([A-Za-z0-9_./-]+)\s*(==|=|!=)\s*([A-Za-z0-9_.-]*)$/.exec(clause);
    if (m) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      tests.push(op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value);
      continue;
    }
    m = /^(!?)([A-Za-z0-9_./-]+)$/.exec(clause);
    if (m) {
      const [, not, key] = m as unknown as [string, string, string];
      tests.push(not === '!' ? (l) => l[key] === undefined : (l) => l[key] !== undefined);
      continue;
    }
    return `unable to parse requirement: ${JSON.stringify(clause)}`;
  }
  return (labels) => tests.every((t) => t(labels));
}

/** Field selectors the emulator serves: `metadata.name` and `metadata.namespace`, = or !=. */
export type FieldMatcher = (name: string, namespace: string) => boolean;

export function parseFieldSelector(text: string): FieldMatcher | string {
  const tests: FieldMatcher[] = [];
  for (const raw of text.split(',')) {
    const clause = raw.trim();
    if (clause === '') continue;
    const m = /^(metadata\.name|metadata\.namespace)\s*(==|=|!=)\s*(.*)$/.exec(clause);
    if (!m) return `field label not supported: ${JSON.stringify(clause)}`;
    const [, field, op, value] = m as unknown as [string, string, string, string];
    const pick = field === 'metadata.name' ? (n: string) => n : (_: string, ns: string) => ns;
    tests.push(op === '!=' ? (n, ns) => pick(n, ns) !== value : (n, ns) => pick(n, ns) === value);
  }
  return (name, namespace) => tests.every((t) => t(name, namespace));
}

/** Splits on commas outside parentheses. */
function splitClauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
