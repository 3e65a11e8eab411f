// PLACEHOLDER, replaced by the EPMD work (issue 6).
import type { Logger } from '../core/logger.js';
import { TransportError } from '../core/errors.js';
import type { NodeName } from '../core/node-name.js';
import type { PortMapping } from '../transport/tcp/port-mapping.js';

export interface EpmdPortMappingOptions {
  /** The EPMD port on every host; `ERL_EPMD_PORT` or 4369 when not given. */
  readonly epmdPort?: number;
  readonly logger: Logger;
}

export class EpmdPortMapping implements PortMapping {
  constructor(_options: EpmdPortMappingOptions) {}

  async publish(_self: NodeName, _port: number): Promise<void> {
    throw new TransportError('MUSTER_ERR_NOT_IMPLEMENTED', 'epmd port mapping not built yet');
  }

  async portOf(_node: NodeName): Promise<number> {
    throw new TransportError('MUSTER_ERR_NOT_IMPLEMENTED', 'epmd port mapping not built yet');
  }

  async close(): Promise<void> {}
}
