import { readFile } from 'node:fs/promises';
import { KubernetesCredentialsError } from './kubernetes-errors.js';

export interface Credentials {
  /** The bearer token; undefined over plain http (a token never travels in clear text). */
  readonly token: string | undefined;
  /** PEM of the CA that signs the API server's certificate; undefined over plain http. */
  readonly ca: string | undefined;
}

export interface CredentialFiles {
  readonly secure: boolean;
  readonly tokenPath: string;
  readonly caPath: string;
}

/**
 * Reads the service-account token and CA afresh. Called before every request: projected
 * tokens are rotated by the kubelet (they expire within an hour), and a file read costs less
 * than one failed request. client-go re-reads its token file the same way.
 */
export async function readCredentials(files: CredentialFiles): Promise<Credentials> {
  if (!files.secure) return { token: undefined, ca: undefined };
  const [token, ca] = await Promise.all([
    readText(files.tokenPath, 'token'),
    readText(files.caPath, 'CA certificate'),
  ]);
  return { token: token.trim(), ca };
}

/** The pod's own namespace, from the service-account volume. */
export async function readNamespace(path: string): Promise<string> {
  const ns = (await readText(path, 'namespace')).trim();
  if (ns === '') throw new KubernetesCredentialsError(path, 'namespace', 'the file is empty');
  return ns;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new KubernetesCredentialsError(path, what, err);
  }
}
