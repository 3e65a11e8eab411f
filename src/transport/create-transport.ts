import { CallbackTransport } from './callback-transport.js';
import { MembershipTransport } from './membership-transport.js';
import { TcpTransport } from './tcp/tcp-transport.js';
import type { Transport, TransportContext } from './transport.js';
import type { TransportConfig } from './transport-config.js';

export function createTransport(config: TransportConfig, context: TransportContext): Transport {
  switch (config.kind) {
    case 'tcp':
      return new TcpTransport(config, context);
    case 'callback':
      return new CallbackTransport(config);
    case 'none':
      return new MembershipTransport();
  }
}
