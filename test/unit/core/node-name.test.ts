import { describe, expect, it } from 'vitest';
import { InvalidNodeNameError } from '../../../src/core/errors.js';
import {
  basenameOf,
  compareNodeNames,
  hostOf,
  parseNodeName,
  toNodeName,
} from '../../../src/core/node-name.js';

describe('node names', () => {
  it.each([
    ['hello@10.42.240.66', 'hello', '10.42.240.66', 'ipv4'],
    ['hello@::1', 'hello', '::1', 'ipv6'],
    ['hello@[fe80::1]', 'hello', 'fe80::1', 'ipv6'],
    ['web_1@My-Host.Example.COM', 'web_1', 'my-host.example.com', 'dns'],
    ['a.b-c@localhost', 'a.b-c', 'localhost', 'dns'],
  ])('parses %s', (input, basename, host, kind) => {
    const parsed = parseNodeName(input);
    expect(parsed).toMatchObject({ basename, host, hostKind: kind });
    expect(basenameOf(parsed.name)).toBe(basename);
    expect(hostOf(parsed.name)).toBe(host);
  });

  it.each([
    ['no-at-sign', "expected 'basename@host'"],
    ['@10.0.0.1', 'basename'],
    ['he llo@10.0.0.1', 'basename'],
    ['hello@', 'empty'],
    ['hello@10.0.0.256', 'IPv4'],
    ['hello@-bad-.com', 'neither'],
    ['hello@a..b', 'neither'],
  ])('rejects %s with a typed error', (input, fragment) => {
    expect(() => parseNodeName(input)).toThrow(InvalidNodeNameError);
    try {
      parseNodeName(input);
    } catch (err) {
      expect((err as InvalidNodeNameError).code).toBe('MUSTER_ERR_INVALID_NODE_NAME');
      expect((err as Error).message).toContain(fragment);
    }
  });

  it('canonicalises DNS hosts so one node has one name', () => {
    expect(toNodeName('app@HOST.example')).toBe(toNodeName('app@host.example'));
  });

  it('writes IPv4-mapped IPv6 hosts with a dotted IPv4 part (RFC 5952 section 5)', () => {
    expect(toNodeName('a@::ffff:127.0.0.1')).toBe('a@::ffff:127.0.0.1');
    expect(toNodeName('a@::FFFF:7f00:1')).toBe('a@::ffff:127.0.0.1');
    expect(toNodeName('a@[0:0:0:0:0:ffff:c000:0201]')).toBe('a@::ffff:192.0.2.1');
    expect(toNodeName('a@::ffff:0:0')).toBe('a@::ffff:0.0.0.0');
    expect(toNodeName('a@::ffff:255.255.255.255')).toBe('a@::ffff:255.255.255.255');
    // Not mapped (other prefixes keep the hex form).
    expect(toNodeName('a@::fffe:7f00:1')).toBe('a@::fffe:7f00:1');
    expect(toNodeName('a@64:ff9b::7f00:1')).toBe('a@64:ff9b::7f00:1');
    // Canonical forms parse back to themselves.
    expect(toNodeName(toNodeName('a@::ffff:10.0.0.1'))).toBe('a@::ffff:10.0.0.1');
  });

  it('writes IPv6 hosts in one canonical form (RFC 5952)', () => {
    expect(toNodeName('app@2001:DB8:0:0:1:0:0:1')).toBe('app@2001:db8::1:0:0:1');
    expect(toNodeName('app@[2001:db8:0::1]')).toBe('app@2001:db8::1');
  });

  it('orders names the same way on both ends', () => {
    const a = toNodeName('app@127.0.0.2');
    const b = toNodeName('app@127.0.0.10');
    expect(compareNodeNames(a, b)).toBe(-compareNodeNames(b, a));
    expect(compareNodeNames(a, a)).toBe(0);
  });
});
