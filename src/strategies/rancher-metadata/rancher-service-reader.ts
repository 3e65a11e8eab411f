import type { RancherApiVersion } from './rancher-defaults.js';
import { RancherNotFoundError } from './rancher-errors.js';
import type { RancherMetadataClient } from './rancher-http-client.js';
import { parseContainer, parseService, type RancherContainer } from './rancher-shapes.js';

export interface ServiceRef {
  readonly stack: string;
  readonly name: string;
}

export interface ServiceReadOptions {
  readonly apiVersion: RancherApiVersion;
  /** undefined: this container's own service (`self/service`). */
  readonly service: ServiceRef | undefined;
  readonly concurrency: number;
  readonly signal: AbortSignal;
}

/**
 * Reads the containers of one service.
 *
 * `latest` and `2015-12-19` list container objects inside the service document, so one
 * request does it. `2015-07-25` lists names only; each is then read from
 * `containers/<name>` (the documented way to drill down by name), `concurrency` at a time.
 * A container that vanished between the two reads (404) was removed: it is left out quietly.
 */
export async function readServiceContainers(
  client: RancherMetadataClient,
  options: ServiceReadOptions,
): Promise<RancherContainer[]> {
  const path =
    options.service === undefined
      ? 'self/service'
      : `stacks/${encodeURIComponent(options.service.stack)}/services/${encodeURIComponent(options.service.name)}`;
  const doc = await client.getJson(path, { signal: options.signal });
  const service = parseService(doc, client.urlOf(path));
  const objects: RancherContainer[] = [];
  const names: string[] = [];
  for (const c of service.containers) {
    if (typeof c === 'string') names.push(c);
    else objects.push(c);
  }
  if (names.length === 0) return objects;
  const fetched = await mapLimit(names, options.concurrency, async (name) => {
    const cpath = `containers/${encodeURIComponent(name)}`;
    try {
      return parseContainer(
        await client.getJson(cpath, { signal: options.signal }),
        client.urlOf(cpath),
      );
    } catch (err) {
      if (err instanceof RancherNotFoundError) return undefined;
      throw err;
    }
  });
  for (const c of fetched) if (c !== undefined) objects.push(c);
  return objects;
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects on the first failure. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
