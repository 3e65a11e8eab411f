import { DnsCnameDepthError, DnsCnameLoopError } from './dns-errors.js';
import { type DnsRecord, type QueryType, sameName } from './dns-message.js';

/** How far a CNAME chain is followed, inside one answer and across re-queries together. */
export const MAX_CNAME_CHAIN = 16;

/** A CNAME chain being followed: every name passed, lower-cased, for loop detection. */
export class CnameChain {
  readonly names: string[];
  private readonly seen = new Set<string>();

  constructor(readonly question: string) {
    this.names = [question];
    this.seen.add(question.toLowerCase());
  }

  get current(): string {
    return this.names[this.names.length - 1]!;
  }

  follow(target: string): void {
    const key = target.replace(/\.$/, '').toLowerCase();
    if (this.seen.has(key)) throw new DnsCnameLoopError(this.question, [...this.names, target]);
    if (this.names.length > MAX_CNAME_CHAIN) {
      throw new DnsCnameDepthError(this.question, MAX_CNAME_CHAIN);
    }
    this.seen.add(key);
    this.names.push(target.replace(/\.$/, ''));
  }
}

/**
 * Follows the CNAMEs for `chain.current` inside one answer section, then returns the records
 * of `type` owned by the name the chain ends at. Records for other names are not believed.
 * Returns whether the chain moved, so the caller knows to re-ask for the new name.
 */
export function readAnswer(
  answers: readonly DnsRecord[] | undefined,
  type: QueryType,
  chain: CnameChain,
): { records: DnsRecord[]; moved: boolean } {
  const records: DnsRecord[] = [];
  if (answers === undefined || answers.length === 0) return { records, moved: false };
  const cnames: DnsRecord[] = [];
  for (const a of answers) if (a.type === 'CNAME') cnames.push(a);
  let moved = false;
  if (cnames.length > 0) {
    // Each step scans the (few) CNAMEs; the chain bound keeps this small.
    for (let step = true; step; ) {
      step = false;
      for (const c of cnames) {
        if (c.class === 'IN' && sameName(c.name, chain.current) && typeof c.data === 'string') {
          chain.follow(c.data);
          moved = true;
          step = true;
          break;
        }
      }
    }
  }
  const owner = chain.current;
  for (const a of answers) {
    if (a.type === type && a.class === 'IN' && sameName(a.name, owner)) records.push(a);
  }
  return { records, moved };
}
