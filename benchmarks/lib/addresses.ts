/**
 * Loopback addresses of the benchmarks, inside 127.140.0.0 - 127.199.255.255 (ours; the TCP
 * benchmarks use 127.100-139). 250 hosts per /24, never .0 or .255.
 */
export const RANGES = {
  resolveAndConnect: 140,
  churn: 150,
  fullMesh: 160,
  micro: 170,
} as const;

/** Host `i` of the block starting at second octet `base` (up to 64,000 per 1-octet step). */
export function hostIn(base: number, i: number): string {
  const a = base + Math.floor(i / (250 * 256));
  const b = Math.floor(i / 250) % 256;
  if (a > 199) throw new RangeError(`benchmark address ${i} of block ${base} is out of range`);
  return `127.${a}.${b}.${(i % 250) + 1}`;
}

/** Hosts of the node under test and the DNS servers: one /16 apart from every peer. */
export const SERVICE_HOSTS = {
  resolveAndConnectSelf: '127.199.0.1',
  churnSelf: '127.199.0.2',
  microA: '127.199.0.3',
  microB: '127.199.0.4',
  coldJoinSelf: '127.199.0.5',
  dnsResolveAndConnect: '127.199.1.1',
  dnsChurn: '127.199.1.2',
  dnsFullMesh: '127.199.1.3',
  dnsQuietPoll: '127.199.1.4',
  dnsColdJoin: '127.199.1.5',
} as const;

/** One DNS message holds at most ~4,093 A records; larger sets are split over several names. */
export const MAX_A_PER_NAME = 4_000;

/** Splits `hosts` into chunks of at most MAX_A_PER_NAME (one DNS name, one topology each). */
export function chunks<T>(items: readonly T[], size = MAX_A_PER_NAME): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
