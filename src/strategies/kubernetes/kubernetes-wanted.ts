import type { KubernetesIpFamily } from './kubernetes-config.js';
import { type Candidate, canonicalAddress, familyOf } from './kubernetes-names.js';
import { isRecord } from './kubernetes-shapes.js';

export interface WantedOptions {
  /** Also want endpoints (pods) that are not ready yet; terminating ones never. */
  readonly includeNotReady: boolean;
  /** The address family names are made of. */
  readonly family: KubernetesIpFamily;
}

/**
 * The endpoints of one EndpointSlice (discovery.k8s.io/v1) that should be in the cluster.
 *
 * EndpointConditions, per the API reference: `ready` nil means true; `terminating` nil means
 * false; `serving` is `ready` regardless of termination. So: never an endpoint whose
 * `terminating` is true (a pod being deleted, libcluster #114), ready ones, and with
 * `includeNotReady` the not-ready ones too. Only slices of the chosen family (`addressType`)
 * count; FQDN slices never do. The first address is the endpoint's (the controller sets one).
 */
export function sliceCandidates(slice: unknown, o: WantedOptions): Candidate[] {
  if (!isRecord(slice) || slice.addressType !== o.family || !Array.isArray(slice.endpoints)) {
    return [];
  }
  const namespace = namespaceOf(slice);
  const out: Candidate[] = [];
  for (const ep of slice.endpoints) {
    if (!isRecord(ep) || !Array.isArray(ep.addresses)) continue;
    const address = ep.addresses[0];
    if (typeof address !== 'string' || familyOf(address) !== o.family) continue;
    const cond = isRecord(ep.conditions) ? ep.conditions : {};
    if (cond.terminating === true) continue;
    if (cond.ready === false && !o.includeNotReady) continue;
    out.push({
      address: canonicalAddress(address),
      hostname: typeof ep.hostname === 'string' ? ep.hostname : undefined,
      namespace,
    });
  }
  return out;
}

/**
 * A pod (core/v1) that should be in the cluster: `status.phase` Running, no
 * `metadata.deletionTimestamp` (it is terminating), and its `Ready` condition True (or
 * `includeNotReady`). Its address of the chosen family comes from `status.podIPs`
 * (dual-stack), else `status.podIP`; its hostname is `spec.hostname`, else its name.
 */
export function podCandidates(pod: unknown, o: WantedOptions): Candidate[] {
  if (!isRecord(pod) || !isRecord(pod.metadata) || !isRecord(pod.status)) return [];
  const { metadata, status } = pod;
  if (metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null) return [];
  if (status.phase !== 'Running') return [];
  if (!o.includeNotReady && !isReady(status.conditions)) return [];
  const address = podAddress(status, o.family);
  if (address === undefined) return [];
  const spec = isRecord(pod.spec) ? pod.spec : {};
  const hostname =
    typeof spec.hostname === 'string'
      ? spec.hostname
      : typeof metadata.name === 'string'
        ? metadata.name
        : undefined;
  return [{ address: canonicalAddress(address), hostname, namespace: namespaceOf(pod) }];
}

function isReady(conditions: unknown): boolean {
  if (!Array.isArray(conditions)) return false;
  return conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
}

function podAddress(
  status: Record<string, unknown>,
  family: KubernetesIpFamily,
): string | undefined {
  if (Array.isArray(status.podIPs)) {
    for (const entry of status.podIPs) {
      if (isRecord(entry) && typeof entry.ip === 'string' && familyOf(entry.ip) === family) {
        return entry.ip;
      }
    }
  }
  const ip = status.podIP;
  return typeof ip === 'string' && familyOf(ip) === family ? ip : undefined;
}

function namespaceOf(obj: Record<string, unknown>): string {
  const meta = obj.metadata;
  return isRecord(meta) && typeof meta.namespace === 'string' ? meta.namespace : '';
}
