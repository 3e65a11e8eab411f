import { registerStrategy } from '../core/strategy-registry.js';
import { StaticStrategy } from './static-strategy.js';

/** The strategies every cluster knows by name. Imported once by the package entry. */
registerStrategy('static', StaticStrategy);
