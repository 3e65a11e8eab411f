import { KubernetesMalformedError } from './kubernetes-errors.js';

/** One page of a list (`*List` kinds): items, the snapshot's resourceVersion, `continue`. */
export interface ListPage {
  readonly items: readonly unknown[];
  readonly resourceVersion: string;
  /** Non-empty when more pages follow (API concepts, "Retrieving large results in chunks"). */
  readonly continueToken: string | undefined;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent {
  readonly type: WatchEventType;
  /** The object; a Status for ERROR; a bare `{ metadata: { resourceVersion } }` for BOOKMARK. */
  readonly object: Record<string, unknown>;
}

const EVENT_TYPES = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function parseListPage(body: unknown, path: string): ListPage {
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw new KubernetesMalformedError(path, 'expected a list object with `items`');
  }
  const meta = isRecord(body.metadata) ? body.metadata : {};
  const rv = meta.resourceVersion;
  if (typeof rv !== 'string' || rv === '') {
    throw new KubernetesMalformedError(path, 'the list has no metadata.resourceVersion');
  }
  const cont = meta.continue;
  return {
    items: body.items,
    resourceVersion: rv,
    continueToken: typeof cont === 'string' && cont !== '' ? cont : undefined,
  };
}

export function parseWatchEvent(value: unknown, path: string): WatchEvent {
  if (!isRecord(value) || typeof value.type !== 'string' || !EVENT_TYPES.has(value.type)) {
    throw new KubernetesMalformedError(path, 'a watch event has no known `type`');
  }
  if (!isRecord(value.object)) {
    throw new KubernetesMalformedError(path, `a ${value.type} watch event has no object`);
  }
  return { type: value.type as WatchEventType, object: value.object };
}

/** `metadata.resourceVersion` of an object, if it has one. */
export function resourceVersionOf(obj: Record<string, unknown>): string | undefined {
  const meta = obj.metadata;
  if (!isRecord(meta)) return undefined;
  return typeof meta.resourceVersion === 'string' ? meta.resourceVersion : undefined;
}

/** `namespace/name`, the identity of an object within one resource; undefined if unnamed. */
export function objectKey(obj: unknown): string | undefined {
  if (!isRecord(obj) || !isRecord(obj.metadata)) return undefined;
  const { name, namespace } = obj.metadata;
  if (typeof name !== 'string' || name === '') return undefined;
  return `${typeof namespace === 'string' ? namespace : ''}/${name}`;
}
