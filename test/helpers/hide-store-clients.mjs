// Loaded with `node --import`: makes pg, redis and etcd3 unresolvable, as on a machine where
// the user installed muster-cluster alone.
import { register } from 'node:module';

const hooks = `
const hidden = new Set(['pg', 'redis', 'etcd3']);
export async function resolve(specifier, context, next) {
  if (hidden.has(specifier)) {
    const err = new Error("Cannot find package '" + specifier + "'");
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
