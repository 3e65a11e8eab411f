import { createSocket, type Socket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { DnsServer } from '../../../src/testing/dns-server.js';
import { fieldAddress, fieldSuite } from './field-dns.js';
import { answerA, decodeQuery } from './scripted-answers.js';

// Block 11. Answers that come from another address or port than the one asked: a multi-homed
// server answering from its other interface, or an off-path spoofer racing the real answer.

async function bind(host: string): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return socket;
}

describe('field: answers from the wrong source', () => {
  const { defer, pollServers } = fieldSuite();

  /** Asked on `front`; answers `bogus` from `other` first, then (if `real`) from `front`. */
  async function server(real: boolean) {
    const front = await bind(fieldAddress(11, 1));
    const other = await bind(fieldAddress(11, 2));
    const samePort = await bind(fieldAddress(11, 1));
    front.on('message', (msg, rinfo) => {
      const query = decodeQuery(msg);
      if (!query?.questions?.[0]) return;
      const bogus = answerA(query, ['10.11.0.66']);
      other.send(bogus, rinfo.port, rinfo.address);
      samePort.send(bogus, rinfo.port, rinfo.address);
      if (real) front.send(answerA(query, ['10.11.0.1']), rinfo.port, rinfo.address);
    });
    for (const s of [front, other, samePort]) {
      defer(() => new Promise<void>((resolve) => s.close(() => resolve())));
    }
    return `${fieldAddress(11, 1)}:${front.address().port}`;
  }

  // Source: AdguardTeam/AdGuardHome#1257 ("reply from unexpected source": a resolver must not
  // take an answer from an address it did not ask).
  it('ignores answers from another address or port and takes the real one', async () => {
    const address = await server(true);
    const poll = await pollServers('svc.field.test.', [address]);
    expect(poll.errors).toEqual([]);
    expect(poll.known()).toEqual(['hello@10.11.0.1']);
  });

  // Source: AdguardTeam/AdGuardHome#1257 (a multi-homed server that answers from its other
  // interface is, to the client, a server that does not answer).
  it('treats a server that only answers from elsewhere as silent, and asks the next one', async () => {
    const address = await server(false);
    const good = new DnsServer({ host: fieldAddress(11, 3) });
    await good.start();
    defer(() => good.stop());
    good.setA('svc.field.test', ['10.11.0.3']);
    const alone = await pollServers('svc.field.test.', [address], { timeout: 200 });
    expect(alone.errors.map((e) => e.code)).toContain('MUSTER_ERR_DNS_TIMEOUT');
    expect(alone.known()).toEqual([]);
    const two = await pollServers('svc.field.test.', [address, good.address], { timeout: 200 });
    expect(two.errors).toEqual([]);
    expect(two.known()).toEqual(['hello@10.11.0.3']);
  });
});
