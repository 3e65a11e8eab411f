import type { BroadcastResult, SendResult, Transport } from '../transport/transport.js';
import type { NodeName } from './node-name.js';

/**
 * `Cluster.trySend` over any transport: its own `trySend` when it has one; else a false `send`
 * is read through `isConnected` (the contract: false is "not connected" or "a full send
 * buffer"; nothing runs between the two calls, so they see the same connection).
 */
export function trySend(
  transport: Transport,
  node: NodeName,
  topic: string,
  payload: unknown,
): SendResult {
  if (transport.trySend !== undefined) return transport.trySend(node, topic, payload);
  if (transport.send(node, topic, payload)) return 'queued';
  return transport.isConnected(node) ? 'buffer_full' : 'not_connected';
}

/**
 * `Cluster.tryBroadcast` over any transport: its own `tryBroadcast` when it has one; else one
 * `trySend` per connected node (the transport's `broadcast` would not say whom it skipped).
 */
export function tryBroadcast(
  transport: Transport,
  topic: string,
  payload: unknown,
): BroadcastResult {
  if (transport.tryBroadcast !== undefined) return transport.tryBroadcast(topic, payload);
  let queued = 0;
  const bufferFull: NodeName[] = [];
  for (const node of transport.nodes()) {
    const result = trySend(transport, node, topic, payload);
    if (result === 'queued') queued++;
    else if (result === 'buffer_full') bufferFull.push(node);
  }
  return { queued, bufferFull };
}
