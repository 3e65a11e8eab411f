import { isIP } from 'node:net';
import { canonicalIPv6, type NodeName, nodeName } from '../../core/node-name.js';
import type { KubernetesIpFamily, KubernetesNameMode } from './kubernetes-config.js';

/** What one wanted endpoint or pod offers to be named by. */
export interface Candidate {
  /** The pod IP, canonical text form. */
  readonly address: string;
  /** The endpoint's `hostname` or the pod's hostname (for `mode: 'hostname'`). */
  readonly hostname: string | undefined;
  /** The object's namespace (the pod's, which is the Service's). */
  readonly namespace: string;
}

export interface NamingOptions {
  readonly basename: string;
  readonly mode: KubernetesNameMode;
  readonly service: string | undefined;
  readonly clusterDomain: string;
}

/**
 * The node name of a candidate, per the Kubernetes DNS specification
 * (kubernetes/dns, specification.md): `ip` is the pod IP; `dns` the pod A/AAAA record
 * `a-b-c-d.<ns>.pod.<domain>` (an IPv6 address with ':' as '-'); `hostname` the
 * headless-service record `<hostname>.<service>.<ns>.svc.<domain>` that StatefulSets get.
 * Throws InvalidNodeNameError when the parts do not make a valid name, or Error when the
 * mode needs a hostname the object lacks.
 */
export function nameOf(c: Candidate, o: NamingOptions): NodeName {
  switch (o.mode) {
    case 'ip':
      return nodeName(o.basename, c.address);
    case 'dns': {
      const dashed = c.address.replace(/[.:]/g, '-');
      return nodeName(o.basename, `${dashed}.${c.namespace}.pod.${o.clusterDomain}`);
    }
    case 'hostname':
      if (c.hostname === undefined || c.hostname === '') {
        throw new Error('it has no hostname (mode hostname needs a StatefulSet or spec.hostname)');
      }
      return nodeName(
        o.basename,
        `${c.hostname}.${o.service}.${c.namespace}.svc.${o.clusterDomain}`,
      );
  }
}

/** The family of an address, or undefined if it is not an IP. */
export function familyOf(address: string): KubernetesIpFamily | undefined {
  const v = isIP(address);
  return v === 4 ? 'IPv4' : v === 6 ? 'IPv6' : undefined;
}

/** The canonical text of an IP address (RFC 5952 for IPv6), so names compare equal. */
export function canonicalAddress(address: string): string {
  return isIP(address) === 6 ? canonicalIPv6(address) : address;
}
