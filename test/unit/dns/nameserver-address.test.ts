import { describe, expect, it } from 'vitest';
import { DnsInvalidInputError } from '../../../src/dns/dns-errors.js';
import { parseNameserver } from '../../../src/dns/nameserver-address.js';

describe('parseNameserver', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1', 53, 4, '10.0.0.1:53'],
    ['10.0.0.1:5353', '10.0.0.1', 5353, 4, '10.0.0.1:5353'],
    ['::1', '::1', 53, 6, '[::1]:53'],
    ['fd00::53', 'fd00::53', 53, 6, '[fd00::53]:53'],
    ['[::1]', '::1', 53, 6, '[::1]:53'],
    ['[fd00::1]:5353', 'fd00::1', 5353, 6, '[fd00::1]:5353'],
    [' 127.0.0.1 ', '127.0.0.1', 53, 4, '127.0.0.1:53'],
  ])('parses %s', (input, host, port, family, label) => {
    expect(parseNameserver(input)).toEqual({ host, port, family, label });
  });

  it.each([
    '',
    'dns.example',
    '10.0.0.1:',
    '10.0.0.1:0',
    '10.0.0.1:65536',
    '10.0.0.1:53x',
    '[10.0.0.1]:53',
    '[::1',
    '[::1]53',
    '10.0.0.256',
    'fd00::1:5353x',
  ])('rejects %j with a typed error', (input) => {
    expect(() => parseNameserver(input)).toThrow(DnsInvalidInputError);
  });
});
