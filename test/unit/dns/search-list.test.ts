import { describe, expect, it } from 'vitest';
import { searchCandidates } from '../../../src/dns/search-list.js';

const search = ['web.rancher.internal', 'rancher.internal'];

describe('searchCandidates (getaddrinfo order)', () => {
  it('tries a short name with each suffix, then as-is', () => {
    expect(searchCandidates('hello', search, 1)).toEqual([
      'hello.web.rancher.internal',
      'hello.rancher.internal',
      'hello',
    ]);
  });

  it('tries a name with at least ndots dots as-is first', () => {
    expect(searchCandidates('hello.web', search, 1)).toEqual([
      'hello.web',
      'hello.web.web.rancher.internal',
      'hello.web.rancher.internal',
    ]);
  });

  it('follows ndots: with ndots 5 (Kubernetes) a 2-dot name is searched first', () => {
    expect(searchCandidates('svc.ns.svc', ['ns.svc.cluster.local', 'cluster.local'], 5)).toEqual([
      'svc.ns.svc.ns.svc.cluster.local',
      'svc.ns.svc.cluster.local',
      'svc.ns.svc',
    ]);
  });

  it('treats a trailing dot as absolute: no search', () => {
    expect(searchCandidates('hello.', search, 1)).toEqual(['hello']);
    expect(searchCandidates('a.b.c.', search, 5)).toEqual(['a.b.c']);
  });

  it('with ndots 0 tries every name as-is first', () => {
    expect(searchCandidates('hello', ['x'], 0)).toEqual(['hello', 'hello.x']);
  });

  it('with no search list tries the name once', () => {
    expect(searchCandidates('hello', [], 1)).toEqual(['hello']);
  });
});
