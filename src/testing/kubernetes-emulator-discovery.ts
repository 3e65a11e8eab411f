/**
 * The discovery documents kubectl reads before it can `get` anything (API concepts,
 * "Discovery API", unaggregated form): /api, /apis, and one APIResourceList per group version.
 */
const VERBS = ['get', 'list', 'watch'];

const CORE_V1 = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: VERBS,
      shortNames: ['po'],
    },
  ],
};

const DISCOVERY_V1 = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'discovery.k8s.io/v1',
  resources: [
    {
      name: 'endpointslices',
      singularName: 'endpointslice',
      namespaced: true,
      kind: 'EndpointSlice',
      verbs: VERBS,
    },
  ],
};

const DISCOVERY_GROUP = {
  name: 'discovery.k8s.io',
  versions: [{ groupVersion: 'discovery.k8s.io/v1', version: 'v1' }],
  preferredVersion: { groupVersion: 'discovery.k8s.io/v1', version: 'v1' },
};

/** The document at `path`, or undefined when the emulator has none there. */
export function discoveryDocument(path: string, serverAddress: string): unknown {
  switch (path) {
    case '/api':
      return {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
      };
    case '/api/v1':
      return CORE_V1;
    case '/apis':
      return { kind: 'APIGroupList', apiVersion: 'v1', groups: [DISCOVERY_GROUP] };
    case '/apis/discovery.k8s.io':
      return { kind: 'APIGroup', apiVersion: 'v1', ...DISCOVERY_GROUP };
    case '/apis/discovery.k8s.io/v1':
      return DISCOVERY_V1;
    case '/version':
      return {
        major: '1',
        minor: '32',
        gitVersion: 'v1.32.0-muster-emulator',
        platform: 'linux/amd64',
      };
    default:
      return undefined;
  }
}
