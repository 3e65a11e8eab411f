import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigFileError } from './cli-errors.js';

const MODULE_EXTENSIONS = new Set(['.js', '.mjs']);

/**
 * Reads a config file for `--config`: JSON, or an ES module (`.js`, `.mjs`) whose default
 * export is the config object. The object is returned as is: validation (and its error naming
 * the bad key) is `resolveConfig`'s job.
 */
export async function loadConfigFile(file: string, cwd = process.cwd()): Promise<unknown> {
  const path = resolve(cwd, file);
  if (MODULE_EXTENSIONS.has(extname(path))) return importConfig(file, path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigFileError(file, `cannot read the file (${reason(err)})`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigFileError(file, `not valid JSON (${reason(err)})`, { cause: err });
  }
}

async function importConfig(file: string, path: string): Promise<unknown> {
  let mod: { default?: unknown };
  try {
    await access(path);
  } catch (err) {
    throw new ConfigFileError(file, `cannot read the file (${reason(err)})`, { cause: err });
  }
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (err) {
    throw new ConfigFileError(file, `cannot import the module (${reason(err)})`, { cause: err });
  }
  if (mod.default === undefined) {
    throw new ConfigFileError(file, 'the module has no default export (export default { ... })');
  }
  return mod.default;
}

function reason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined && !err.message.includes(code)
      ? `${code}: ${err.message}`
      : err.message;
  }
  return String(err);
}
