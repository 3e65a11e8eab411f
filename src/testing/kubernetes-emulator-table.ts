import type { EmulatorResource, KubeObject } from './kubernetes-emulator-store.js';

/**
 * Server-side printing (API concepts, "Receiving resources as Tables"): what kubectl asks
 * for with `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and prints as columns.
 * The columns follow kube-apiserver's own for EndpointSlices and pods.
 */
interface Column {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly priority: number;
}

const COLUMNS: Record<EmulatorResource, readonly Column[]> = {
  endpointslices: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'AddressType', type: 'string', priority: 0 },
    { name: 'Ports', type: 'string', priority: 0 },
    { name: 'Endpoints', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
  ],
  pods: [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Status', type: 'string', priority: 0 },
    { name: 'Restarts', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
    { name: 'IP', type: 'string', priority: 1 },
  ],
};

/** Whether the client asked for a Table (kubectl's default for `get`). */
export function wantsTable(accept: string): boolean {
  return accept.includes('as=Table');
}

/** A Table of `items`; `includeObject` as the request's query says (default Metadata). */
export function toTable(
  resource: EmulatorResource,
  items: readonly KubeObject[],
  metadata: Record<string, unknown>,
  includeObject: string | null,
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: COLUMNS[resource].map((c) => ({ description: '', ...c })),
    rows: items.map((o) => ({
      cells: cellsOf(resource, o),
      ...(includeObject === 'None'
        ? {}
        : {
            object:
              includeObject === 'Object'
                ? o
                : {
                    kind: 'PartialObjectMetadata',
                    apiVersion: 'meta.k8s.io/v1',
                    metadata: o.metadata,
                  },
          }),
    })),
  };
}

function cellsOf(resource: EmulatorResource, o: KubeObject): string[] {
  const age = ageOf(o.metadata.creationTimestamp);
  if (resource === 'endpointslices') {
    const ports = Array.isArray(o.ports)
      ? o.ports.map((p) => String((p as { port?: number }).port ?? '<unset>'))
      : [];
    const addresses = Array.isArray(o.endpoints)
      ? o.endpoints.flatMap((e) => ((e as { addresses?: string[] }).addresses ?? []).slice(0, 1))
      : [];
    const shown = addresses.slice(0, 3).join(',');
    const more = addresses.length > 3 ? ` + ${addresses.length - 3} more...` : '';
    return [
      o.metadata.name,
      String(o.addressType ?? ''),
      ports.join(',') || '<unset>',
      addresses.length === 0 ? '<unset>' : `${shown}${more}`,
      age,
    ];
  }
  const status = (o.status ?? {}) as {
    phase?: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
  };
  const ready = status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  const phase =
    o.metadata.deletionTimestamp === undefined ? (status.phase ?? 'Unknown') : 'Terminating';
  return [o.metadata.name, ready ? '1/1' : '0/1', phase, '0', age, status.podIP ?? '<none>'];
}

/** kubectl's short duration: 45s, 3m, 5h, 2d. */
function ageOf(timestamp: unknown): string {
  const t = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(t)) return '<unknown>';
  // Wall clock: Kubernetes timestamps are RFC 3339 wall time.
  const s = Math.max(0, Math.floor((Date.now() - t) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172_800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}
