import { isIP } from 'node:net';

/** One endpoint of an EndpointSlice, in short. Conditions absent are left out (nil). */
export interface EmulatorEndpointInit {
  readonly address: string;
  readonly ready?: boolean;
  readonly serving?: boolean;
  readonly terminating?: boolean;
  /** Set for StatefulSet pods (the pod's hostname, under the Service as subdomain). */
  readonly hostname?: string;
  /** The pod behind it (`targetRef`). */
  readonly podName?: string;
}

export interface EmulatorSliceInit {
  readonly service: string;
  readonly namespace?: string;
  /** Default `<service>-<addressType lower case>`. */
  readonly name?: string;
  /** Default: the family of the first endpoint's address (IPv4 when there is none). */
  readonly addressType?: 'IPv4' | 'IPv6' | 'FQDN';
  readonly endpoints: readonly EmulatorEndpointInit[];
  /** The named port, default `{ name: 'epmd', port: 4370 }`. */
  readonly port?: { readonly name: string; readonly port: number };
}

/** An EndpointSlice (discovery.k8s.io/v1) as the EndpointSlice controller writes one. */
export function endpointSliceObject(init: EmulatorSliceInit): Record<string, unknown> {
  const first = init.endpoints[0]?.address;
  const addressType =
    init.addressType ?? (first !== undefined && isIP(first) === 6 ? 'IPv6' : 'IPv4');
  const namespace = init.namespace ?? 'default';
  return {
    metadata: {
      name: init.name ?? `${init.service}-${addressType.toLowerCase()}`,
      namespace,
      labels: {
        'kubernetes.io/service-name': init.service,
        'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
      },
    },
    addressType,
    endpoints: init.endpoints.map((e) => {
      const conditions: Record<string, boolean> = {};
      if (e.ready !== undefined) conditions.ready = e.ready;
      if (e.serving !== undefined) conditions.serving = e.serving;
      if (e.terminating !== undefined) conditions.terminating = e.terminating;
      return {
        addresses: [e.address],
        conditions,
        ...(e.hostname === undefined ? {} : { hostname: e.hostname }),
        ...(e.podName === undefined
          ? {}
          : { targetRef: { kind: 'Pod', namespace, name: e.podName } }),
      };
    }),
    ports: [{ ...(init.port ?? { name: 'epmd', port: 4370 }), protocol: 'TCP' }],
  };
}

export interface EmulatorPodInit {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Primary address (`status.podIP`); the first of `podIPs` when absent. */
  readonly podIP?: string;
  /** Every address, primary first (dual-stack). */
  readonly podIPs?: readonly string[];
  /** Default 'Running'. */
  readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  /** The Ready condition; default true. */
  readonly ready?: boolean;
  /** Sets metadata.deletionTimestamp (the pod is terminating). */
  readonly terminating?: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
}

/** A Pod (core/v1) with the status fields a kubelet reports. */
export function podObject(init: EmulatorPodInit): Record<string, unknown> {
  const ips = init.podIPs ?? (init.podIP === undefined ? [] : [init.podIP]);
  const podIP = init.podIP ?? ips[0];
  const ready = init.ready ?? true;
  return {
    metadata: {
      name: init.name,
      namespace: init.namespace ?? 'default',
      labels: { ...(init.labels ?? {}) },
      // Wall clock: Kubernetes timestamps are RFC 3339 wall time, read by clients.
      ...(init.terminating === true
        ? { deletionTimestamp: new Date().toISOString(), deletionGracePeriodSeconds: 30 }
        : {}),
    },
    spec: {
      containers: [{ name: 'app', image: 'app' }],
      ...(init.hostname === undefined ? {} : { hostname: init.hostname }),
      ...(init.subdomain === undefined ? {} : { subdomain: init.subdomain }),
    },
    status: {
      phase: init.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
      ...(podIP === undefined ? {} : { podIP, podIPs: ips.map((ip) => ({ ip })) }),
    },
  };
}
