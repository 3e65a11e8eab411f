import { isIP } from 'node:net';
import { z } from 'zod';
import { defaults } from '../../core/defaults.js';
import { ConfigError } from '../../core/errors.js';
import { parseWith, schemas } from '../../core/validation.js';
import { kubernetesDefaults } from './kubernetes-defaults.js';

export type KubernetesNameMode = 'ip' | 'dns' | 'hostname';
export type KubernetesSource = 'endpointslices' | 'pods';
export type KubernetesIpFamily = 'IPv4' | 'IPv6';

/** The validated `config` block of `strategy: 'kubernetes'` (docs/strategies/kubernetes.md). */
export interface KubernetesConfig {
  /** The `basename` of every node name. */
  readonly nodeBasename: string;
  /** `ip`: basename@podIP; `dns`: basename@a-b-c-d.<ns>.pod.<domain>; `hostname`: StatefulSets. */
  readonly mode: KubernetesNameMode;
  readonly source: KubernetesSource;
  /** The Service whose EndpointSlices list the peers (and the `hostname` subdomain). */
  readonly service: string | undefined;
  /** A label selector (`app=hello,tier!=canary`) for `source: 'pods'`. */
  readonly selector: string | undefined;
  /** Absent: read from `namespacePath` (the pod's own namespace). */
  readonly namespace: string | undefined;
  /** Base URL of the API server: https (CA-verified, token sent) or explicit http (no token). */
  readonly apiServer: string;
  readonly tokenPath: string;
  readonly caPath: string;
  readonly namespacePath: string;
  /** Also want endpoints not ready yet (never terminating ones). */
  readonly includeNotReady: boolean;
  readonly watch: boolean;
  /** Milliseconds between lists when not watching (or after a watch was refused). */
  readonly pollingInterval: number;
  readonly clusterDomain: string;
  /** Which address family names are made of; absent: the family of this node's own name. */
  readonly ipFamily: KubernetesIpFamily | undefined;
  /** One request's time limit in milliseconds. */
  readonly timeout: number;
  /** Items per list page (`limit`). */
  readonly pageSize: number;
  readonly maxBodyBytes: number;
}

const BASENAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;
// RFC 1123 label (namespaces, Service names) and subdomain (cluster domain).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const label = (what: string) =>
  z
    .string({ error: `expected ${what} (an RFC 1123 label: a-z, 0-9, "-")` })
    .regex(DNS_LABEL, { error: `expected ${what} (an RFC 1123 label: a-z, 0-9, "-")` });

const serverUrl = z
  .string({ error: "expected the API server's URL, e.g. 'https://10.96.0.1:443'" })
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.search === '';
      } catch {
        return false;
      }
    },
    { error: "expected the API server's URL, e.g. 'https://10.96.0.1:443'" },
  );

const schema = z.strictObject(
  {
    nodeBasename: z
      .string({ error: 'expected a node basename (letters, digits, "_", "-", ".")' })
      .regex(BASENAME, { error: 'expected a node basename (letters, digits, "_", "-", ".")' }),
    mode: z
      .enum(['ip', 'dns', 'hostname'], { error: "expected 'ip', 'dns' or 'hostname'" })
      .default('ip'),
    source: z
      .enum(['endpointslices', 'pods'], { error: "expected 'endpointslices' or 'pods'" })
      .default('endpointslices'),
    service: label('a Service name').optional(),
    selector: schemas.nonEmptyString('a label selector such as "app=hello"').optional(),
    namespace: label('a namespace').optional(),
    apiServer: serverUrl.optional(),
    tokenPath: schemas.nonEmptyString('a file path').default(kubernetesDefaults.tokenPath),
    caPath: schemas.nonEmptyString('a file path').default(kubernetesDefaults.caPath),
    namespacePath: schemas.nonEmptyString('a file path').default(kubernetesDefaults.namespacePath),
    includeNotReady: schemas.boolean().default(false),
    watch: schemas.boolean().default(true),
    pollingInterval: schemas.milliseconds().default(defaults.pollingInterval),
    clusterDomain: z
      .string({ error: 'expected a DNS domain such as "cluster.local"' })
      .regex(DNS_SUBDOMAIN, { error: 'expected a DNS domain such as "cluster.local"' })
      .default(kubernetesDefaults.clusterDomain),
    ipFamily: z.enum(['IPv4', 'IPv6'], { error: "expected 'IPv4' or 'IPv6'" }).optional(),
    timeout: schemas.milliseconds().default(kubernetesDefaults.timeoutMs),
    pageSize: schemas
      .positiveInt('a positive number of items')
      .default(kubernetesDefaults.pageSize),
    maxBodyBytes: schemas
      .positiveInt('a positive number of bytes')
      .default(kubernetesDefaults.maxBodyBytes),
  },
  { error: 'expected an object (the kubernetes config block)' },
);

/**
 * Validates the block. `env` supplies KUBERNETES_SERVICE_HOST/PORT (set in every pod) when
 * `apiServer` is absent. Throws ConfigError naming the key.
 */
export function parseKubernetesConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env,
): KubernetesConfig {
  const c = parseWith(schema, raw);
  if (c.source === 'endpointslices' && c.service === undefined) {
    throw new ConfigError('service', "a Service name (source 'endpointslices' lists its slices)");
  }
  if (c.source === 'pods' && c.selector === undefined) {
    throw new ConfigError('selector', "a label selector such as 'app=hello' (source 'pods')");
  }
  if (c.source === 'endpointslices' && c.selector !== undefined) {
    throw new ConfigError('selector', "nothing: source 'endpointslices' selects by `service`");
  }
  if (c.mode === 'hostname' && c.service === undefined) {
    throw new ConfigError('service', "the headless Service's name (mode 'hostname')");
  }
  return {
    ...c,
    service: c.service,
    selector: c.selector,
    namespace: c.namespace,
    ipFamily: c.ipFamily,
    apiServer: c.apiServer ?? inClusterServer(env),
  };
}

/** `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`, as client-go's InClusterConfig. */
function inClusterServer(env: NodeJS.ProcessEnv): string {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new ConfigError(
      'apiServer',
      "the API server's URL, or KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT in the environment (set in every pod)",
    );
  }
  return `https://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** The config as a topology writes it (keys with defaults may be left out). */
export type KubernetesConfigInput = z.input<typeof schema>;
