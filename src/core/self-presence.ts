/**
 * Whether this node's own discovery lists it. A node that was listed and no longer is has been
 * taken out of rotation (a failing readiness probe, a Rancher health check, a drain before
 * scale-down, its record deleted): `removed`. Listed again: `restored`. A node its discovery
 * never listed (a static list of the others only, a record not published yet) is never
 * `removed`: only the change counts.
 */
export class SelfPresence {
  private seen = false;
  private out = false;

  get removed(): boolean {
    return this.out;
  }

  /** Records whether discovery lists this node now; returns the change, if any. */
  update(listed: boolean): 'removed' | 'restored' | undefined {
    if (listed) {
      this.seen = true;
      if (!this.out) return undefined;
      this.out = false;
      return 'restored';
    }
    if (!this.seen || this.out) return undefined;
    this.out = true;
    return 'removed';
  }
}
