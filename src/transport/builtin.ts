import { registerTransport } from '../core/transport-kinds.js';
import { parseWith } from '../core/validation.js';
import { CallbackTransport, type CallbackTransportOptions } from './callback-transport.js';
import { MembershipTransport } from './membership-transport.js';
import { checkCookie } from './tcp/cookie-key.js';
import { type TcpTransportOptions, tcpTransportSchema } from './tcp/tcp-options.js';
import { TcpTransport } from './tcp/tcp-transport.js';
import { callbackSchema, noneSchema } from './transport-config.js';

/**
 * The transport kinds every cluster knows by name (`transport: { kind }`), registered in the
 * default container. Imported once by the package entry, beside the built-in strategies.
 */
registerTransport<TcpTransportOptions>('tcp', {
  parseConfig: (raw) => parseWith(tcpTransportSchema, raw) as TcpTransportOptions,
  create: (config, context) => new TcpTransport(config, context),
  needsCookie: true,
  checkCookie,
});
registerTransport<CallbackTransportOptions>('callback', {
  parseConfig: (raw) => parseWith(callbackSchema, raw) as CallbackTransportOptions,
  create: (config) => new CallbackTransport(config),
});
registerTransport('none', {
  parseConfig: (raw) => parseWith(noneSchema, raw),
  create: () => new MembershipTransport(),
});
