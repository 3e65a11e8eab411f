import type { EmulatorResource } from './kubernetes-emulator-store.js';

export type EmulatorVerb = 'get' | 'list' | 'watch';

/** One RBAC-like rule: these verbs on these resources, in these namespaces (absent: all). */
export interface EmulatorRule {
  readonly verbs: readonly EmulatorVerb[] | '*';
  readonly resources: readonly EmulatorResource[] | '*';
  /** Absent: every namespace and cluster-wide lists (a ClusterRole); else a Role per namespace. */
  readonly namespaces?: readonly string[];
}

export interface EmulatorTokenInit {
  /** The user the server names in 403 messages. Default `system:serviceaccount:default:muster`. */
  readonly user?: string;
  /** Default: everything (list/watch/get on all resources in all namespaces). */
  readonly rules?: readonly EmulatorRule[];
}

export interface EmulatorIdentity {
  readonly user: string;
  readonly rules: readonly EmulatorRule[];
}

export const ALLOW_ALL: readonly EmulatorRule[] = [{ verbs: '*', resources: '*' }];

export function allows(
  identity: EmulatorIdentity,
  verb: EmulatorVerb,
  resource: EmulatorResource,
  namespace: string | undefined,
): boolean {
  return identity.rules.some(
    (r) =>
      (r.verbs === '*' || r.verbs.includes(verb)) &&
      (r.resources === '*' || r.resources.includes(resource)) &&
      (r.namespaces === undefined || (namespace !== undefined && r.namespaces.includes(namespace))),
  );
}

export const GROUP_OF: Record<EmulatorResource, string> = {
  pods: '',
  endpointslices: 'discovery.k8s.io',
};

/** A `Status` object (meta/v1), the body of every error answer and of watch ERROR events. */
export function status(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details === undefined ? {} : { details }),
    code,
  };
}

/** The 403 the API server sends, naming user, verb, resource, group and namespace. */
export function forbidden(
  user: string,
  verb: EmulatorVerb,
  resource: EmulatorResource,
  namespace: string | undefined,
): Record<string, unknown> {
  const group = GROUP_OF[resource];
  const qualified = group === '' ? resource : `${resource}.${group}`;
  const scope =
    namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  return status(
    403,
    'Forbidden',
    `${qualified} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`,
    { group, kind: resource },
  );
}
