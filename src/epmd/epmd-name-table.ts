import { randomInt } from 'node:crypto';
import type { EpmdNodeInfo } from './epmd-wire.js';

export interface EpmdEntry extends EpmdNodeInfo {
  readonly creation: number;
}

export interface NameTableLimits {
  /** Registrations held at once. */
  readonly maxEntries: number;
  /** The NAMES reply (4-byte port and one line per name) never grows past this many bytes. */
  readonly maxNamesReplyBytes: number;
}

/** Bytes of the NAMES line `name <name> at port <port>\n`. */
export function namesLineBytes(node: { name: string; port: number }): number {
  return 15 + Buffer.byteLength(node.name, 'utf8') + String(node.port).length;
}

/**
 * The names an EPMD server holds: unique names, and creation numbers that change with every
 * registration so a restarted node is told apart from its previous incarnation. As in OTP 23+,
 * 32-bit creations start at a random value and skip 0-3 (reserved); old 16-bit clients get 1-3.
 * Bounded twice: by the number of entries, and by the size of the NAMES reply they make, so
 * the reply always fits what a NAMES client accepts.
 */
export class EpmdNameTable {
  private readonly entries = new Map<string, EpmdEntry>();
  private nextCreation = randomInt(4, 0xffffffff);
  private replyBytes = 4;
  private changes = 0;

  constructor(private readonly limits: NameTableLimits) {}

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): EpmdEntry | undefined {
    return this.entries.get(name);
  }

  /** Adds `node`; `undefined` when the name is taken or the table is full. */
  add(node: EpmdNodeInfo, extended: boolean): EpmdEntry | undefined {
    if (this.entries.has(node.name) || !this.fits(node)) return undefined;
    const creation = this.takeCreation(extended);
    const entry: EpmdEntry = { ...node, creation };
    this.entries.set(node.name, entry);
    this.replyBytes += namesLineBytes(entry);
    this.changes++;
    return entry;
  }

  /** Whether one more registration of `node` stays within both limits. */
  fits(node: { name: string; port: number }): boolean {
    return (
      this.entries.size < this.limits.maxEntries &&
      this.replyBytes + namesLineBytes(node) <= this.limits.maxNamesReplyBytes
    );
  }

  /** Removes `entry` if it is still the one registered under its name. */
  remove(entry: EpmdEntry): boolean {
    if (this.entries.get(entry.name) !== entry) return false;
    this.entries.delete(entry.name);
    this.replyBytes -= namesLineBytes(entry);
    this.changes++;
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.replyBytes = 4;
    this.changes++;
  }

  list(): EpmdEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  /** Counts every change, so a reply built from the table can be cached until the next one. */
  get version(): number {
    return this.changes;
  }

  private takeCreation(extended: boolean): number {
    const c = this.nextCreation;
    this.nextCreation = c >= 0xffffffff ? 4 : c + 1;
    return extended ? c : (c % 3) + 1;
  }
}
