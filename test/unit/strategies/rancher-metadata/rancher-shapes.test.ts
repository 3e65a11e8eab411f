import { describe, expect, it } from 'vitest';
import { RancherMalformedError } from '../../../../src/strategies/rancher-metadata/rancher-errors.js';
import { shellQuote } from '../../../../src/strategies/rancher-metadata/rancher-identity.js';
import {
  badIpReason,
  parseContainer,
  parseService,
  parseVersion,
} from '../../../../src/strategies/rancher-metadata/rancher-shapes.js';
import { NOT_FOUND, toPlaintext, walk } from '../../../../src/testing/rancher-emulator-paths.js';

const URL = 'http://127.40.0.1/latest/x';

describe('rancher shapes', () => {
  it('reads a container, treating a missing health_state as null', () => {
    expect(parseContainer({ name: 'c1', primary_ip: '10.42.0.5', state: 'running' }, URL)).toEqual({
      name: 'c1',
      primaryIp: '10.42.0.5',
      state: 'running',
      healthState: null,
      serviceName: undefined,
      stackName: undefined,
    });
    expect(parseContainer({ name: 'c1', primary_ip: '' }, URL).primaryIp).toBeUndefined();
  });

  it('rejects fields of the wrong type, naming the field', () => {
    const err = (() => {
      try {
        parseService({ containers: [{ name: 'a', state: 3 }] }, URL);
      } catch (e) {
        return e as RancherMalformedError;
      }
    })();
    expect(err).toBeInstanceOf(RancherMalformedError);
    expect(err?.code).toBe('MUSTER_ERR_RANCHER_MALFORMED');
    expect(err?.field).toBe('service.containers[0].state');
    expect(() => parseService({ name: 'x' }, URL)).toThrow(
      /service.containers: expected an array, got nothing/,
    );
    expect(() => parseService([], URL)).toThrow(/expected an object, got an array/);
    expect(() => parseService({ containers: [42] }, URL)).toThrow(RancherMalformedError);
  });

  it('accepts container names (2015-07-25) and null containers', () => {
    expect(parseService({ name: 's', containers: ['a', 'b'] }, URL).containers).toEqual(['a', 'b']);
    expect(parseService({ name: 's', containers: null }, URL).containers).toEqual([]);
  });

  it('reads versions', () => {
    expect(parseVersion('abc', URL)).toBe('abc');
    expect(parseVersion(17, URL)).toBe('17');
    expect(() => parseVersion({}, URL)).toThrow(RancherMalformedError);
  });

  it('explains unusable IPs', () => {
    expect(badIpReason('10.42.1.1')).toBeUndefined();
    expect(badIpReason('fd00::1')).toBeUndefined();
    expect(badIpReason(undefined)).toMatch(/no primary_ip/);
    expect(badIpReason('10.42.1')).toMatch(/not an IP address/);
  });

  it('shell-quotes anything', () => {
    expect(shellQuote('10.42.0.1')).toBe("'10.42.0.1'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });
});

describe('emulator plaintext and paths', () => {
  const tree = { services: [{ name: 'web', ips: ['10.0.0.1'], labels: { a: 'b' }, hc: null }] };

  it('walks by key, index and name', () => {
    expect(walk(tree, ['services', '0', 'name'])).toBe('web');
    expect(walk(tree, ['services', 'web', 'ips', '0'])).toBe('10.0.0.1');
    expect(walk(tree, ['services', 'nope'])).toBe(NOT_FOUND);
    expect(walk(tree, ['services', 'web', 'name', 'deeper'])).toBe(NOT_FOUND);
  });

  it('renders keys one a line, nested ones with a slash, leaves as text', () => {
    expect(toPlaintext(tree)).toBe('services/\n');
    expect(toPlaintext(tree.services)).toBe('0=web\n');
    expect(toPlaintext(tree.services[0]!)).toBe('hc\nips/\nlabels/\nname\n');
    expect(toPlaintext(tree.services[0]!.ips)).toBe('0=10.0.0.1\n');
    expect(toPlaintext('web')).toBe('web');
    expect(toPlaintext(null)).toBe('');
  });
});
