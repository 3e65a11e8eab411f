import { randomUUID } from 'node:crypto';

/** The resources the emulator serves. */
export type EmulatorResource = 'pods' | 'endpointslices';

export type KubeObject = Record<string, unknown> & {
  metadata: Record<string, unknown> & { name: string; namespace: string };
};

export interface StoredEvent {
  readonly rv: number;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly resource: EmulatorResource;
  readonly object: KubeObject;
  /** The object before a MODIFIED, so a selector-filtered watch can tell ADDED/DELETED apart. */
  readonly previous?: KubeObject;
}

const KIND: Record<EmulatorResource, { kind: string; apiVersion: string }> = {
  pods: { kind: 'Pod', apiVersion: 'v1' },
  endpointslices: { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1' },
};

export function typeMetaOf(resource: EmulatorResource): { kind: string; apiVersion: string } {
  return KIND[resource];
}

/**
 * The emulator's etcd: objects by resource/namespace/name, one global resourceVersion counter
 * (every write gets the next number, as etcd's revision), a bounded history of changes for
 * watches to replay, and a compaction point below which a resourceVersion is "too old" (410).
 * Objects are replaced, never mutated, so a list snapshot stays consistent for its pages.
 */
export class KubernetesEmulatorStore {
  private revision = 1000;
  private readonly objects = new Map<string, KubeObject>();
  private history: StoredEvent[] = [];
  /** A watch or continue from a resourceVersion below this is answered 410 Gone. */
  private compactedBelow = 0;
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private readonly snapshots = new Map<number, readonly KubeObject[]>();

  constructor(private readonly historyLimit = 10_000) {}

  get resourceVersion(): number {
    return this.revision;
  }

  get compactedResourceVersion(): number {
    return this.compactedBelow;
  }

  /** Creates or replaces an object (its metadata.namespace and name say which). */
  put(resource: EmulatorResource, object: Record<string, unknown>): KubeObject {
    const meta = (object.metadata ?? {}) as Record<string, unknown>;
    const name = String(meta.name ?? '');
    const namespace = String(meta.namespace ?? 'default');
    if (name === '') throw new Error('an object needs metadata.name');
    const key = `${resource}/${namespace}/${name}`;
    const before = this.objects.get(key);
    const rv = ++this.revision;
    const stored: KubeObject = {
      ...typeMetaOf(resource),
      ...object,
      metadata: {
        ...meta,
        name,
        namespace,
        uid: (before?.metadata.uid as string | undefined) ?? randomUUID(),
        // Wall clock: Kubernetes timestamps are RFC 3339 wall time, read by clients.
        creationTimestamp:
          (before?.metadata.creationTimestamp as string | undefined) ??
          new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
        resourceVersion: String(rv),
      },
    };
    this.objects.set(key, stored);
    this.record(
      before === undefined
        ? { rv, type: 'ADDED', resource, object: stored }
        : { rv, type: 'MODIFIED', resource, object: stored, previous: before },
    );
    return stored;
  }

  /** Deletes an object; the DELETED event carries its last state at a new resourceVersion. */
  delete(resource: EmulatorResource, namespace: string, name: string): boolean {
    const key = `${resource}/${namespace}/${name}`;
    const before = this.objects.get(key);
    if (before === undefined) return false;
    this.objects.delete(key);
    const rv = ++this.revision;
    const object: KubeObject = {
      ...before,
      metadata: { ...before.metadata, resourceVersion: String(rv) },
    };
    this.record({ rv, type: 'DELETED', resource, object });
    return true;
  }

  get(resource: EmulatorResource, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(`${resource}/${namespace}/${name}`);
  }

  /** Every object of a resource (in one namespace, or all), sorted by namespace/name. */
  list(resource: EmulatorResource, namespace?: string): KubeObject[] {
    const prefix = namespace === undefined ? `${resource}/` : `${resource}/${namespace}/`;
    const out: KubeObject[] = [];
    for (const [key, obj] of this.objects) if (key.startsWith(prefix)) out.push(obj);
    return out.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  }

  /** Keeps a list result for its continue pages (a bounded number of snapshots). */
  keepSnapshot(rv: number, items: readonly KubeObject[]): void {
    this.snapshots.set(rv, items);
    if (this.snapshots.size > 64) this.snapshots.delete(this.snapshots.keys().next().value!);
  }

  snapshot(rv: number): readonly KubeObject[] | undefined {
    return rv < this.compactedBelow ? undefined : this.snapshots.get(rv);
  }

  /** The changes after `rv`, oldest first, or 'gone' when history no longer reaches back. */
  since(rv: number): StoredEvent[] | 'gone' {
    if (rv < this.compactedBelow) return 'gone';
    return this.history.filter((e) => e.rv > rv);
  }

  /** Forgets all history and snapshots: every older resourceVersion becomes 410 Gone. */
  compact(): void {
    this.history = [];
    this.snapshots.clear();
    this.compactedBelow = this.revision;
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(event: StoredEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedBelow = dropped[dropped.length - 1]!.rv;
    }
    for (const l of [...this.listeners]) l(event);
  }
}

export function sortKey(o: KubeObject): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}
