import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { fieldAddress, startPoll } from './field-dns.js';

// Block 7. A search list longer than glibc < 2.26's six domains (Kubernetes dnsConfig.searches
// adds to the three it writes itself; systemd-resolved and VPNs write more).

describe.skipIf(!hasPeerBinary('dnsmasq'))('field: more than six search domains', () => {
  let dnsmasq: Dnsmasq;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muster-field-search-'));
    dnsmasq = await startDnsmasq(
      fieldAddress(7, 1),
      ['10.7.0.8 hello.s8.field.test'],
      ['--local=/field.test/'],
    );
  });
  afterAll(async () => {
    await dnsmasq?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function pollWith(domains: number, query: string) {
    const path = join(dir, `resolv-${domains}.conf`);
    const search = Array.from({ length: domains }, (_, i) => `s${i + 1}.field.test`).join(' ');
    await writeFile(
      path,
      `nameserver ${dnsmasq.address}\nsearch ${search}\noptions ndots:5 attempts:1\n`,
    );
    return startPoll({ query, resolvConf: path, timeout: 2_000 });
  }

  // Source: kubernetes/kubernetes#90571 (glibc <= 2.25 silently ignored search entries past the
  // sixth; glibc 2.26 lifted the limit), systemd/systemd#16691 (stop cutting the list at six).
  it('finds a name only the eighth domain of the list resolves', async () => {
    const poll = await pollWith(8, 'hello');
    try {
      expect(poll.errors).toEqual([]);
      expect(poll.known()).toEqual(['hello@10.7.0.8']);
    } finally {
      await poll.stop();
    }
  });
});
