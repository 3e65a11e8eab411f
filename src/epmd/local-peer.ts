import { isIPv4 } from 'node:net';

/**
 * erts epmd's rule for who may register: a peer on 127.0.0.0/8 or ::1, or one whose address is
 * the address it connected to (a process on this host dialling one of the host's own IPs).
 */
export function isLocalPeer(remote: string | undefined, local: string | undefined): boolean {
  if (remote === undefined) return false;
  const peer = unmapped(remote);
  if (isIPv4(peer) && peer.startsWith('127.')) return true;
  if (peer === '::1') return true;
  return local !== undefined && unmapped(local) === peer;
}

function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m === null ? address : m[1]!;
}
