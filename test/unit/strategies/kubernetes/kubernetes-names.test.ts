import { describe, expect, it } from 'vitest';
import {
  type NamingOptions,
  nameOf,
} from '../../../../src/strategies/kubernetes/kubernetes-names.js';
import {
  podCandidates,
  sliceCandidates,
} from '../../../../src/strategies/kubernetes/kubernetes-wanted.js';
import {
  endpointSliceObject,
  podObject,
} from '../../../../src/testing/kubernetes-emulator-objects.js';

const base: NamingOptions = {
  basename: 'app',
  mode: 'ip',
  service: 'svc',
  clusterDomain: 'cluster.local',
};
const c = (address: string, hostname?: string) => ({ address, hostname, namespace: 'ns' });

describe('node names (Kubernetes DNS specification)', () => {
  it('ip', () => {
    expect(nameOf(c('10.0.0.1'), base)).toBe('app@10.0.0.1');
    expect(nameOf(c('2001:db8::1'), base)).toBe('app@2001:db8::1');
  });
  it('dns: the pod A/AAAA record', () => {
    expect(nameOf(c('10.0.0.1'), { ...base, mode: 'dns' })).toBe(
      'app@10-0-0-1.ns.pod.cluster.local',
    );
    expect(nameOf(c('2001:db8::1'), { ...base, mode: 'dns' })).toBe(
      'app@2001-db8--1.ns.pod.cluster.local',
    );
  });
  it('hostname: the headless-service record of a StatefulSet pod', () => {
    expect(nameOf(c('10.0.0.1', 'web-0'), { ...base, mode: 'hostname' })).toBe(
      'app@web-0.svc.ns.svc.cluster.local',
    );
    expect(() => nameOf(c('10.0.0.1'), { ...base, mode: 'hostname' })).toThrow(/no hostname/);
  });
});

describe('candidates', () => {
  const wanted = { includeNotReady: false, family: 'IPv4' as const };
  it('ignores FQDN slices, slices of the other family and malformed endpoints', () => {
    expect(
      sliceCandidates(
        endpointSliceObject({
          service: 's',
          addressType: 'FQDN',
          endpoints: [{ address: 'a.example' }],
        }),
        wanted,
      ),
    ).toEqual([]);
    expect(
      sliceCandidates(
        endpointSliceObject({ service: 's', endpoints: [{ address: 'fd00::1' }] }),
        wanted,
      ),
    ).toEqual([]);
    expect(
      sliceCandidates({ addressType: 'IPv4', endpoints: [{}, { addresses: [7] }, null] }, wanted),
    ).toEqual([]);
    expect(sliceCandidates('garbage', wanted)).toEqual([]);
  });
  it('a pod without a Ready condition is not ready', () => {
    const pod = podObject({ name: 'p', podIP: '10.0.0.1' }) as { status: { conditions: unknown } };
    pod.status.conditions = undefined;
    expect(podCandidates(pod, wanted)).toEqual([]);
    expect(podCandidates(pod, { ...wanted, includeNotReady: true })).toHaveLength(1);
  });
});
