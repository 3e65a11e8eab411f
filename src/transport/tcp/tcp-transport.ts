// PLACEHOLDER, replaced by the TCP transport work (issue 3). Not exported as working.
import { TransportError } from '../../core/errors.js';
import { MembershipTransport } from '../membership-transport.js';
import type { TransportContext } from '../transport.js';
import type { TcpTransportOptions } from './tcp-options.js';

export class TcpTransport extends MembershipTransport {
  constructor(_options: TcpTransportOptions, _context: TransportContext) {
    super();
    throw new TransportError('MUSTER_ERR_NOT_IMPLEMENTED', 'tcp transport not built yet');
  }
}
