import { lookup } from 'node:dns/promises';
import { networkInterfaces } from 'node:os';
import type { ResolvedConfig } from '../../core/config.js';
import { type NodeName, parseNodeName } from '../../core/node-name.js';
import { tcpOptionsOf } from './doctor-dial.js';
import { DoctorCode, type Finding, finding } from './doctor-findings.js';

/** Addresses of this machine; all of 127.0.0.0/8 is loopback on Linux. */
function isLocalAddress(address: string): boolean {
  if (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.')) {
    return true;
  }
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return all.some((i) => i.address.toLowerCase() === address.toLowerCase());
}

/**
 * Checks this node's own name against the machine: peers dial the host in the name, so it
 * must be one of this machine's addresses (a DNS name must resolve to one), and a transport
 * that listens elsewhere (`transport.host`) cannot be reached at the name.
 */
export async function selfFindings(config: ResolvedConfig, self: NodeName): Promise<Finding[]> {
  const out: Finding[] = [];
  const { host, hostKind } = parseNodeName(self);
  if (hostKind === 'dns') {
    const addresses = await lookup(host, { all: true }).catch(() => []);
    if (!addresses.some((a) => isLocalAddress(a.address))) {
      out.push(
        finding(
          DoctorCode.nameNotLocal,
          addresses.length === 0
            ? `the host of ${self} does not resolve here`
            : `${host} resolves to ${addresses.map((a) => a.address).join(', ')}, none of them this machine's`,
        ),
      );
    }
  } else if (!isLocalAddress(host)) {
    out.push(
      finding(DoctorCode.nameNotLocal, `${host} (from ${self}) is not an address of this machine`),
    );
  }
  const bind = tcpOptionsOf(config)?.host;
  if (bind !== undefined && bind !== host && bind !== '0.0.0.0' && bind !== '::') {
    out.push(
      finding(DoctorCode.bindNotName, `the transport listens on ${bind}, the name says ${host}`),
    );
  }
  return out;
}
