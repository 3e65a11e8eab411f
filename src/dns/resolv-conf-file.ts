import { readFile, stat } from 'node:fs/promises';
import { DnsResolvConfError } from './dns-errors.js';
import { parseResolvConf, type ResolvConf } from './resolv-conf.js';

/** What one look at the file gave. */
export interface ResolvConfRead {
  readonly conf: ResolvConf;
  /** True the first time and whenever `conf` is a new value; build a new resolver then. */
  readonly changed: boolean;
  /** Set once, on the read that found the file gone after it was read well (keep `conf`). */
  readonly lost?: DnsResolvConfError;
  /** Set once, on the read that found the file back after it was lost. */
  readonly restored?: boolean;
}

/**
 * A resolv.conf followed the way glibc 2.26+ follows it (resolv_conf.c: a stat per lookup,
 * re-read when the file's identity changed): `read()` costs one stat and re-parses only when
 * device, inode, size, mtime or ctime moved. Docker network reconnects, DHCP and a changed
 * cluster DNS rewrite the file under a running process. A file that cannot be read after it
 * was read well keeps the last good values (reported once, with `lost`); a file missing from
 * the start means glibc's defaults (127.0.0.1, no search), as in glibc.
 */
export class ResolvConfFile {
  private identity: string | undefined;
  private last: ResolvConf | undefined;
  /** `never`: not read well yet (defaults in use); `lost`: read well once, unreadable now. */
  private state: 'never' | 'good' | 'lost' = 'never';

  constructor(readonly path: string) {}

  async read(): Promise<ResolvConfRead> {
    let identity: string;
    let text: string;
    try {
      const st = await stat(this.path, { bigint: true });
      identity = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
      if (identity === this.identity && this.last) return { conf: this.last, changed: false };
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      return this.unreadable(err);
    }
    const restored = this.state === 'lost';
    this.state = 'good';
    this.identity = identity;
    this.last = parseResolvConf(text);
    return restored
      ? { conf: this.last, changed: true, restored }
      : { conf: this.last, changed: true };
  }

  private unreadable(err: unknown): ResolvConfRead {
    this.identity = undefined;
    if (this.state === 'never') {
      // Never read: glibc's defaults, built once; the file is looked for again next time.
      const first = this.last === undefined;
      this.last ??= parseResolvConf('');
      return { conf: this.last, changed: first };
    }
    if (this.state === 'lost') return { conf: this.last!, changed: false };
    this.state = 'lost';
    return { conf: this.last!, changed: false, lost: new DnsResolvConfError(this.path, err) };
  }
}
