import { registerStrategy, sealBuiltinStrategies } from '../core/strategy-registry.js';
import { DnsPollStrategy } from './dns-poll-strategy.js';
import { EpmdStrategy } from './epmd-strategy.js';
import './rancher-metadata/rancher-identity.js';
import { RancherMetadataStrategy } from './rancher-metadata/rancher-metadata-strategy.js';
import { StaticStrategy } from './static-strategy.js';

/**
 * The strategies (and identity providers) every cluster knows by name. Imported once by the
 * package entry; importing rancher-identity registers the 'rancher-metadata' identity kind.
 */
registerStrategy('static', StaticStrategy);
registerStrategy('dns-poll', DnsPollStrategy);
registerStrategy('rancher-metadata', RancherMetadataStrategy);
registerStrategy('epmd', EpmdStrategy);
// Last: what is registered above can no longer be replaced by registerStrategy.
sealBuiltinStrategies();
