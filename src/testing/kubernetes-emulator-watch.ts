import type { ServerResponse } from 'node:http';
import { status } from './kubernetes-emulator-access.js';
import {
  type EmulatorResource,
  type KubeObject,
  type KubernetesEmulatorStore,
  type StoredEvent,
  typeMetaOf,
} from './kubernetes-emulator-store.js';

export interface WatchRequest {
  readonly resource: EmulatorResource;
  /** undefined: all namespaces. */
  readonly namespace: string | undefined;
  readonly matches: (object: KubeObject) => boolean;
  /** The `resourceVersion` parameter ('' or '0': send the current state as ADDED first). */
  readonly resourceVersion: string;
  readonly bookmarks: boolean;
  readonly timeoutSeconds: number;
  /** Renders each object event (a one-row Table for kubectl); absent: the object itself. */
  readonly render?: (object: KubeObject) => unknown;
}

/**
 * One open watch (API concepts, "Efficient detection of changes"): newline-delimited JSON
 * `{type, object}` events on a 200 response. Replays history after `resourceVersion`, or
 * answers a compacted one with an ERROR event carrying a 410 Expired Status, as the watch
 * cache does. A selector-filtered watch sees an object that stops matching as DELETED and one
 * that starts matching as ADDED. Ends itself after `timeoutSeconds`.
 */
export class WatchSession {
  private readonly unsubscribe: () => void;
  private readonly timer: ReturnType<typeof setTimeout>;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly store: KubernetesEmulatorStore,
    readonly request: WatchRequest,
    onClose: (session: WatchSession) => void,
  ) {
    res.writeHead(200, {
      'content-type': 'application/json',
      'cache-control': 'no-cache, private',
      'transfer-encoding': 'chunked',
    });
    res.flushHeaders();
    this.unsubscribe = store.subscribe((e) => this.onStoreEvent(e));
    this.timer = setTimeout(() => this.end(), request.timeoutSeconds * 1000);
    res.once('close', () => {
      this.closed = true;
      clearTimeout(this.timer);
      this.unsubscribe();
      onClose(this);
    });
    this.begin();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends a BOOKMARK at the store's current resourceVersion (if the client asked for them). */
  bookmark(): void {
    if (!this.request.bookmarks) return;
    this.send('BOOKMARK', {
      ...typeMetaOf(this.request.resource),
      metadata: { resourceVersion: String(this.store.resourceVersion) },
    });
  }

  /** Ends the watch with an ERROR event: 410 Expired, as when the watch cache drops it. */
  expire(): void {
    this.send('ERROR', status(410, 'Expired', 'too old resource version: watch expired'));
    this.end();
  }

  /** Ends the stream cleanly (the server's timeout). */
  end(): void {
    if (!this.closed) this.res.end();
  }

  /** Cuts the connection without ending the stream (a network fault). */
  drop(): void {
    this.res.socket?.destroy();
  }

  private begin(): void {
    const { resourceVersion } = this.request;
    if (resourceVersion === '' || resourceVersion === '0') {
      for (const obj of this.store.list(this.request.resource, this.request.namespace)) {
        if (this.request.matches(obj)) this.send('ADDED', obj);
      }
      return;
    }
    const rv = Number(resourceVersion);
    const events = Number.isSafeInteger(rv) ? this.store.since(rv) : 'gone';
    if (events === 'gone') {
      this.send(
        'ERROR',
        status(
          410,
          'Expired',
          `too old resource version: ${resourceVersion} (${this.store.compactedResourceVersion})`,
        ),
      );
      this.end();
      return;
    }
    for (const e of events) this.onStoreEvent(e);
  }

  private onStoreEvent(e: StoredEvent): void {
    const { request } = this;
    if (e.resource !== request.resource) return;
    if (request.namespace !== undefined && e.object.metadata.namespace !== request.namespace)
      return;
    const now = request.matches(e.object);
    if (e.type === 'MODIFIED') {
      const was = e.previous !== undefined && request.matches(e.previous);
      if (was && now) this.send('MODIFIED', e.object);
      else if (now) this.send('ADDED', e.object);
      else if (was) this.send('DELETED', e.object);
      return;
    }
    if (now) this.send(e.type, e.object);
  }

  private send(type: string, object: unknown): void {
    if (this.closed || this.res.writableEnded) return;
    const { render } = this.request;
    if (render !== undefined && type !== 'BOOKMARK' && type !== 'ERROR') {
      object = render(object as KubeObject);
    }
    this.res.write(`${JSON.stringify({ type, object })}\n`);
  }
}
