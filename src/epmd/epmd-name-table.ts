import { randomInt } from 'node:crypto';
import type { EpmdNodeInfo } from './epmd-wire.js';

export interface EpmdEntry extends EpmdNodeInfo {
  readonly creation: number;
}

/**
 * The names an EPMD server holds: unique names, and creation numbers that change with every
 * registration so a restarted node is told apart from its previous incarnation. As in OTP 23+,
 * 32-bit creations start at a random value and skip 0-3 (reserved); old 16-bit clients get 1-3.
 */
export class EpmdNameTable {
  private readonly entries = new Map<string, EpmdEntry>();
  private nextCreation = randomInt(4, 0xffffffff);

  has(name: string): boolean {
    return this.entries.has(name);
  }

  get(name: string): EpmdEntry | undefined {
    return this.entries.get(name);
  }

  /** Adds `node`; `undefined` when the name is taken. */
  add(node: EpmdNodeInfo, extended: boolean): EpmdEntry | undefined {
    if (this.entries.has(node.name)) return undefined;
    const creation = this.takeCreation(extended);
    const entry: EpmdEntry = { ...node, creation };
    this.entries.set(node.name, entry);
    return entry;
  }

  /** Removes `entry` if it is still the one registered under its name. */
  remove(entry: EpmdEntry): boolean {
    if (this.entries.get(entry.name) !== entry) return false;
    this.entries.delete(entry.name);
    return true;
  }

  clear(): void {
    this.entries.clear();
  }

  list(): EpmdEntry[] {
    return [...this.entries.values()];
  }

  get size(): number {
    return this.entries.size;
  }

  private takeCreation(extended: boolean): number {
    const c = this.nextCreation;
    this.nextCreation = c >= 0xffffffff ? 4 : c + 1;
    return extended ? c : (c % 3) + 1;
  }
}
