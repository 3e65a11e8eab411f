import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Makes a throwaway CA, one node certificate it signed and one rogue one, with openssl. */
export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'muster-tls-'));
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
