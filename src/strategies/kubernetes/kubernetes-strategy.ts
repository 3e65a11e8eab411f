import { hostOf, type NodeName } from '../../core/node-name.js';
import type { PendingDiff } from '../../core/node-set-diff.js';
import { BaseStrategy, type StrategyContext } from '../../core/strategy.js';
import {
  type KubernetesConfig,
  type KubernetesIpFamily,
  parseKubernetesConfig,
} from './kubernetes-config.js';
import { readNamespace } from './kubernetes-credentials.js';
import { kubernetesDefaults, SERVICE_NAME_LABEL } from './kubernetes-defaults.js';
import { KubernetesEndpointSkippedError, KubernetesMalformedError } from './kubernetes-errors.js';
import { KubernetesApiClient } from './kubernetes-http-client.js';
import type { ResourceRef } from './kubernetes-lister.js';
import { ObjectMembership } from './kubernetes-membership.js';
import { familyOf, type NamingOptions, nameOf } from './kubernetes-names.js';
import { type ObjectEventType, Reflector } from './kubernetes-reflector.js';
import { objectKey } from './kubernetes-shapes.js';
import { podCandidates, sliceCandidates, type WantedOptions } from './kubernetes-wanted.js';

/**
 * Discovery on the Kubernetes API: the ready endpoints of a Service's EndpointSlices, or the
 * running, ready pods a label selector picks, named by IP, pod DNS name or StatefulSet
 * hostname. Lists, then watches (polling when watch is off or refused); see
 * docs/strategies/kubernetes.md.
 *
 * Failures (401, 403, 5xx, network, TLS) emit `error` with a coded KubernetesError and keep
 * every known node: an API server that cannot be read is not "no pods".
 */
export class KubernetesStrategy extends BaseStrategy<KubernetesConfig> {
  static parseConfig(raw: unknown): KubernetesConfig {
    return parseKubernetesConfig(raw);
  }

  private readonly membership = new ObjectMembership();
  private readonly client: KubernetesApiClient;
  private readonly wantedOptions: WantedOptions;
  private readonly naming: NamingOptions;
  private reflector: Reflector | undefined;
  private ref: Promise<ResourceRef> | undefined;
  /** Objects already warned about, so a stuck endpoint warns once per list, not per event. */
  private warned = new Set<string>();

  constructor(context: StrategyContext<KubernetesConfig>) {
    super(context);
    const { config } = context;
    this.client = new KubernetesApiClient({
      apiServer: config.apiServer,
      tokenPath: config.tokenPath,
      caPath: config.caPath,
      timeout: config.timeout,
      maxBodyBytes: config.maxBodyBytes,
    });
    this.wantedOptions = {
      includeNotReady: config.includeNotReady,
      family: config.ipFamily ?? selfFamily(context.self),
    };
    this.naming = {
      basename: config.nodeBasename,
      mode: config.mode,
      service: config.service,
      clusterDomain: config.clusterDomain,
    };
  }

  override known(): ReadonlySet<NodeName> {
    return this.membership.known();
  }

  /** Lists afresh now and resolves when that list has finished (tests, the CLI). */
  pollNow(): Promise<void> {
    return this.reflector?.relist() ?? Promise.resolve();
  }

  protected onStart(): void {
    const { config, clock, logger } = this.context;
    this.reflector = new Reflector({
      client: this.client,
      ref: () => this.resolveRef(),
      pageSize: config.pageSize,
      watch: config.watch,
      pollingInterval: config.pollingInterval,
      tokenPath: config.tokenPath,
      clock,
      logger,
      onList: (items) => this.onList(items),
      onEvent: (type, object) => this.onEvent(type, object),
      onError: (err) => this.fail(err),
    });
    this.reflector.start();
  }

  protected async onStop(): Promise<void> {
    const reflector = this.reflector;
    this.reflector = undefined;
    await reflector?.stop();
  }

  private onList(items: readonly unknown[]): void {
    this.warned = new Set();
    const objects = new Map<string, NodeName[]>();
    for (const item of items) {
      const key = objectKey(item);
      if (key !== undefined) objects.set(key, this.namesOf(key, item));
    }
    this.emitDiff(this.membership.replaceAll(objects));
  }

  private onEvent(type: ObjectEventType, object: Record<string, unknown>): void {
    const key = objectKey(object);
    if (key === undefined) return;
    const wanted = type === 'DELETED' ? undefined : this.namesOf(key, object);
    if (wanted !== undefined && wanted.length > 0 && !this.membership.has(key)) {
      if (this.membership.objects >= kubernetesDefaults.maxObjects) {
        // Thrown into the watch: it ends, is reported, and resumes (or relists) with backoff.
        throw new KubernetesMalformedError(
          key,
          `the watch adds more than ${kubernetesDefaults.maxObjects} objects`,
        );
      }
    }
    this.emitDiff(this.membership.set(key, wanted));
  }

  private emitDiff(diff: PendingDiff): void {
    this.reportPending(diff);
  }

  private namesOf(key: string, object: unknown): NodeName[] {
    const candidates =
      this.context.config.source === 'pods'
        ? podCandidates(object, this.wantedOptions)
        : sliceCandidates(object, this.wantedOptions);
    const names: NodeName[] = [];
    for (const c of candidates) {
      try {
        names.push(nameOf(c, this.naming));
      } catch (err) {
        const label = `${key} (${c.address})`;
        if (this.warned.has(label)) continue;
        this.warned.add(label);
        this.warn(new KubernetesEndpointSkippedError(label, (err as Error).message));
      }
    }
    return names;
  }

  /** The collection to read; the namespace file is read once, retried until it succeeds. */
  private resolveRef(): Promise<ResourceRef> {
    this.ref ??= this.buildRef().catch((err: unknown) => {
      this.ref = undefined;
      throw err;
    });
    return this.ref;
  }

  private async buildRef(): Promise<ResourceRef> {
    const { config } = this.context;
    const namespace = config.namespace ?? (await readNamespace(config.namespacePath));
    const ns = encodeURIComponent(namespace);
    if (config.source === 'pods') {
      return {
        path: `/api/v1/namespaces/${ns}/pods`,
        labelSelector: config.selector!,
        resource: 'pods',
        group: '',
        namespace,
      };
    }
    return {
      path: `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`,
      labelSelector: `${SERVICE_NAME_LABEL}=${config.service}`,
      resource: 'endpointslices',
      group: 'discovery.k8s.io',
      namespace,
    };
  }
}

/** Names are made in the family this node names itself in; IPv4 when its name is DNS. */
function selfFamily(self: NodeName): KubernetesIpFamily {
  return familyOf(hostOf(self)) ?? 'IPv4';
}
