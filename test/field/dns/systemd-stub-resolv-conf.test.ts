import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { fieldAddress, startPoll } from './field-dns.js';

// Block 12. The resolv.conf systemd-resolved writes (stub-resolv.conf): `options edns0
// trust-ad` and `search .` when no search domain is configured.

describe.skipIf(!hasPeerBinary('dnsmasq'))('field: systemd-resolved stub resolv.conf', () => {
  let dnsmasq: Dnsmasq;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'muster-field-stub-'));
    dnsmasq = await startDnsmasq(
      fieldAddress(12, 1),
      ['10.12.0.1 svc.field.test', '10.12.0.2 svc.field.test', '10.12.0.9 hello'],
      ['--local=/field.test/'],
    );
  });
  afterAll(async () => {
    await dnsmasq?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  // Source: systemd/systemd#28389 ("search ." in resolv.conf can cause problems for clients).
  it.each([
    ['svc.field.test', ['hello@10.12.0.1', 'hello@10.12.0.2']],
    ['hello', ['hello@10.12.0.9']],
  ])('reads "search ." as no search domain: %s resolves as itself', async (query, want) => {
    const path = join(dir, 'resolv.conf');
    await writeFile(
      path,
      [
        '# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).',
        `nameserver ${dnsmasq.address}`,
        'options edns0 trust-ad',
        'search .',
        '',
      ].join('\n'),
    );
    const poll = await startPoll({ query, resolvConf: path, timeout: 2_000, attempts: 1 });
    try {
      expect(poll.errors).toEqual([]);
      expect(poll.known()).toEqual(want);
    } finally {
      await poll.stop();
    }
  });
});
