import { kubernetesDefaults } from './kubernetes-defaults.js';
import type { KubernetesAccess } from './kubernetes-errors.js';
import { KubernetesGoneError, KubernetesMalformedError } from './kubernetes-errors.js';
import type { KubernetesApiClient } from './kubernetes-http-client.js';
import { parseListPage } from './kubernetes-shapes.js';

/** One watched collection: its path and selector, and how to name its permissions. */
export interface ResourceRef {
  /** Collection path, e.g. `/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices`. */
  readonly path: string;
  readonly labelSelector: string;
  readonly resource: string;
  readonly group: string;
  readonly namespace: string;
}

export function accessOf(ref: ResourceRef, verb: KubernetesAccess['verb']): KubernetesAccess {
  return { verb, resource: ref.resource, group: ref.group, namespace: ref.namespace };
}

export function pathOf(ref: ResourceRef, query: Record<string, string>): string {
  const qs = new URLSearchParams({ labelSelector: ref.labelSelector, ...query });
  return `${ref.path}?${qs.toString()}`;
}

export interface ListResult {
  readonly items: readonly unknown[];
  /** The snapshot all pages came from; a watch starts here. */
  readonly resourceVersion: string;
}

/**
 * Lists a collection in pages of `pageSize` (`limit`/`continue`, API concepts "Retrieving
 * large results in chunks"): every page comes from the first page's snapshot. A continue
 * token the server no longer honours (410 Expired) starts the list over, `restarts` times.
 * More than `maxObjects` items in all fail the list (a runaway continue chain).
 */
export async function listAll(
  client: KubernetesApiClient,
  ref: ResourceRef,
  pageSize: number,
  signal: AbortSignal,
  restarts: number,
): Promise<ListResult> {
  const access = accessOf(ref, 'list');
  for (let attempt = 0; ; attempt++) {
    const items: unknown[] = [];
    let resourceVersion: string | undefined;
    let token: string | undefined;
    try {
      do {
        const query: Record<string, string> = { limit: String(pageSize) };
        if (token !== undefined) query.continue = token;
        const path = pathOf(ref, query);
        const page = parseListPage(await client.getJson(path, access, signal), path);
        resourceVersion ??= page.resourceVersion;
        for (const item of page.items) items.push(item);
        if (items.length > kubernetesDefaults.maxObjects) {
          throw new KubernetesMalformedError(
            path,
            `the list holds more than ${kubernetesDefaults.maxObjects} objects`,
          );
        }
        token = page.continueToken;
      } while (token !== undefined);
      return { items, resourceVersion: resourceVersion! };
    } catch (err) {
      // Only a continued page can expire; a 410 on the first page is the server's to explain.
      if (err instanceof KubernetesGoneError && token !== undefined && attempt < restarts) continue;
      throw err;
    }
  }
}
