import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCerts {
  readonly ca: string;
  /** A node certificate signed by `ca`. */
  readonly key: string;
  readonly cert: string;
  /** A self-signed certificate no node trusts. */
  readonly rogueKey: string;
  readonly rogueCert: string;
}

/**
 * Makes a throwaway CA, one node certificate it signed and one rogue one, with openssl.
 * `san` (e.g. `['IP:127.136.0.1']`) goes into both certificates' subjectAltName, for servers
 * a client checks by address (HTTPS clients, kubectl).
 */
export function makeTestCerts(options: { san?: readonly string[] } = {}): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'muster-tls-'));
  const san = options.san ?? [];
  const sanArgs = san.length === 0 ? [] : ['-addext', `subjectAltName=${san.join(',')}`];
  const extArgs = san.length === 0 ? [] : ['-extfile', 'san.ext'];
  if (san.length > 0) writeFileSync(join(dir, 'san.ext'), `subjectAltName=${san.join(',')}\n`);
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  try {
    ossl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=muster test CA',
    );
    ossl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'node.key',
      '-out',
      'node.csr',
      '-subj',
      '/CN=muster node',
    );
    ossl(
      'x509',
      '-req',
      '-in',
      'node.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'node.pem',
      '-days',
      '1',
      ...extArgs,
    );
    ossl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'rogue.key',
      '-out',
      'rogue.pem',
      '-days',
      '1',
      '-subj',
      '/CN=rogue',
      ...sanArgs,
    );
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return {
      ca: read('ca.pem'),
      key: read('node.key'),
      cert: read('node.pem'),
      rogueKey: read('rogue.key'),
      rogueCert: read('rogue.pem'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
