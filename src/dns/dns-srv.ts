import type { SrvData } from 'dns-packet';
import type { AddressType, DnsRecord } from './dns-message.js';
import { sameName } from './dns-message.js';

/** One SRV record with the addresses of its target. */
export interface SrvRecord {
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
  readonly addresses: readonly string[];
}

/** Looks up one target's addresses of one family (fully qualified, no search list). */
export type TargetLookup = (target: string, type: AddressType) => Promise<string[]>;

/** Targets without glue are looked up at most this many at a time. */
const TARGET_CONCURRENCY = 16;

function glueFor(target: string, additionals: readonly DnsRecord[]): string[] {
  const out: string[] = [];
  for (const a of additionals) {
    if ((a.type === 'A' || a.type === 'AAAA') && a.class === 'IN' && sameName(a.name, target)) {
      out.push(a.data as string);
    }
  }
  return out;
}

/**
 * Builds SrvRecords from SRV answers. A target of "." means "no service here" (RFC 2782) and
 * is skipped. A target's addresses come from the additional section when present; otherwise
 * its A records are looked up, and its AAAA records if it has no A, at most
 * TARGET_CONCURRENCY at a time. A lookup failure fails the whole answer (the caller keeps what
 * it knew) and stops the other lookups from starting new ones.
 */
export async function srvRecords(
  answers: readonly DnsRecord[],
  additionals: readonly DnsRecord[] | undefined,
  lookup: TargetLookup,
): Promise<SrvRecord[]> {
  const glue = additionals ?? [];
  const byTarget = new Map<string, string[] | undefined>();
  const srv: SrvData[] = [];
  for (const a of answers) {
    const data = a.data as SrvData;
    if (a.type !== 'SRV' || typeof data?.target !== 'string') continue;
    const target = data.target.replace(/\.$/, '');
    if (target === '' || target === '.') continue;
    srv.push({ ...data, target });
    const key = target.toLowerCase();
    if (!byTarget.has(key)) {
      const found = glueFor(target, glue);
      byTarget.set(key, found.length > 0 ? found : undefined);
    }
  }
  const missing = [...byTarget].filter(([, v]) => v === undefined).map(([k]) => k);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < missing.length) {
      const target = missing[next++]!;
      try {
        const v4 = await lookup(target, 'A');
        byTarget.set(target, v4.length > 0 ? v4 : await lookup(target, 'AAAA'));
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TARGET_CONCURRENCY, missing.length) }, worker));
  return srv.map((s) => ({
    target: s.target,
    port: s.port,
    priority: s.priority ?? 0,
    weight: s.weight ?? 0,
    addresses: byTarget.get(s.target.toLowerCase()) ?? [],
  }));
}
