/**
 * The IPC messages between the demo (parent) and its nodes (child processes). JSON
 * serialization; the cookie travels in the `start` message, never in argv or the environment.
 */

export interface DemoNodeSetup {
  /** `hello@127.60.1.<i>` */
  readonly name: string;
  readonly cookie: string;
  /** `127.60.0.1:<port>` of the demo's DNS server. */
  readonly nameserver: string;
  readonly query: string;
  readonly basename: string;
  readonly port: number;
  readonly tickTime: number;
  readonly pollingInterval: number;
}

/** Parent -> child. */
export type ParentMessage =
  | { readonly type: 'start'; readonly setup: DemoNodeSetup }
  | { readonly type: 'stop' };

/** Child -> parent. `peers` is the child's `cluster.nodes()` after the event. */
export type ChildMessage =
  | { readonly type: 'ready'; readonly name: string; readonly peers: readonly string[] }
  | { readonly type: 'nodeup'; readonly node: string; readonly peers: readonly string[] }
  | {
      readonly type: 'nodedown';
      readonly node: string;
      readonly reason: string;
      readonly detail?: string;
      readonly peers: readonly string[];
    }
  | { readonly type: 'dns'; readonly added: readonly string[]; readonly removed: readonly string[] }
  | { readonly type: 'error'; readonly code: string; readonly message: string }
  | { readonly type: 'failed'; readonly code: string; readonly message: string }
  | { readonly type: 'stopped' };

const CHILD_TYPES = new Set(['ready', 'nodeup', 'nodedown', 'dns', 'error', 'failed', 'stopped']);

export function isChildMessage(value: unknown): value is ChildMessage {
  return (
    typeof value === 'object' &&
    value !== null &&
    CHILD_TYPES.has(String((value as { type?: unknown }).type))
  );
}

export function isParentMessage(value: unknown): value is ParentMessage {
  const type =
    typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : '';
  return type === 'start' || type === 'stop';
}
