import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { type Dnsmasq, startDnsmasq } from '../../helpers/dnsmasq.js';
import { hasPeerBinary } from '../../helpers/real-peer.js';
import { fieldAddress, fieldSuite, type PollHarness } from './field-dns.js';

// Block 3. resolv.conf rewritten under a running process. Nameserver lines carry a port
// (muster's extension) so that the servers can listen on free ports.

describe.skipIf(!hasPeerBinary('dnsmasq'))(
  'field: resolv.conf rewritten under a running process',
  () => {
    let dir: string;
    let path: string;
    let old: DnsServer;
    let dnsmasq: Dnsmasq;
    const { defer, poll: startTracked } = fieldSuite();

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'muster-field-resolv-'));
      path = join(dir, 'resolv.conf');
      dnsmasq = await startDnsmasq(
        fieldAddress(3, 2),
        ['10.3.0.2 svc.field.test', '10.3.0.22 svc.b.field.test'],
        ['--local=/field.test/'],
      );
    });
    afterAll(async () => {
      await dnsmasq?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    async function oldServer(): Promise<DnsServer> {
      old = new DnsServer({ host: fieldAddress(3, 1) });
      await old.start();
      old.setA('svc.field.test', ['10.3.0.1']).setA('svc.a.field.test', ['10.3.0.11']);
      defer(() => old.stop());
      return old;
    }

    const poll = (query: string): Promise<PollHarness> =>
      startTracked({ query, timeout: 300, resolvConf: path });

    // Source: NLnetLabs/unbound#869 (glibc hot-loads a changed resolv.conf by its mtime; a resolver
    // that reads it once asks the old server forever).
    it.each([
      ['rewritten in place', false],
      ['replaced by rename', true],
    ])(
      'follows new nameservers when the file is %s, and stops asking the dead one',
      async (_, byRename) => {
        const dns = await oldServer();
        await writeFile(path, `nameserver ${dns.address}\noptions attempts:1\n`);
        const p = await poll('svc.field.test.');
        expect(p.known()).toEqual(['hello@10.3.0.1']);
        // Docker network reconnect: a new embedded DNS, the old one gone.
        await dns.stop();
        const text = `# written by the network reconnect\nnameserver ${dnsmasq.address}\noptions attempts:1\n`;
        if (byRename) {
          await writeFile(`${path}.new`, text);
          await rename(`${path}.new`, path);
        } else {
          await writeFile(path, text);
        }
        await p.poll();
        expect(p.errors).toEqual([]);
        expect(p.known()).toEqual(['hello@10.3.0.2']);
      },
    );

    // Source: hexchat/hexchat#736 (a network switch changes resolv.conf; glibc 2.26 reloads it).
    it('follows a new search list', async () => {
      const dns = await oldServer();
      await writeFile(path, `nameserver ${dns.address}\nsearch a.field.test\noptions attempts:1\n`);
      const p = await poll('svc');
      expect(p.known()).toEqual(['hello@10.3.0.11']);
      await writeFile(
        path,
        `nameserver ${dnsmasq.address}\nsearch b.field.test\noptions attempts:1 ndots:1\n`,
      );
      await p.poll();
      expect(p.errors).toEqual([]);
      expect(p.known()).toEqual(['hello@10.3.0.22']);
    });

    // Source: NLnetLabs/unbound#869 (resolv.conf mode follows the file; a vanished file must not
    // leave the process without nameservers).
    it('keeps the last good values with one warning when the file vanishes, and picks it up again', async () => {
      await writeFile(path, `nameserver ${dnsmasq.address}\noptions attempts:1\n`);
      const p = await poll('svc.field.test.');
      expect(p.known()).toEqual(['hello@10.3.0.2']);
      await unlink(path);
      await p.poll();
      await p.poll();
      await p.poll();
      expect(p.errors).toEqual([]);
      expect(p.known()).toEqual(['hello@10.3.0.2']);
      expect(p.warnings.map((w) => w.code)).toEqual(['MUSTER_ERR_DNS_RESOLV_CONF']);
      const dns = await oldServer();
      await writeFile(path, `nameserver ${dns.address}\noptions attempts:1\n`);
      await p.poll();
      expect(p.known()).toEqual(['hello@10.3.0.1']);
      expect(p.warnings).toHaveLength(1);
    });

    it('costs one stat per poll when nothing changed: the same resolver, no re-parse', async () => {
      await writeFile(path, `nameserver ${dnsmasq.address}\noptions attempts:1\n`);
      const p = await poll('svc.field.test.');
      const resolver = (p.strategy as unknown as { resolver: unknown }).resolver;
      await p.poll();
      await p.poll();
      expect((p.strategy as unknown as { resolver: unknown }).resolver).toBe(resolver);
    });
  },
);
