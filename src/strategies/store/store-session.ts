/**
 * What a store strategy's driver (PostgreSQL, Redis, etcd) provides to the shared announce and
 * watch loop in StoreStrategy. Entries are the raw strings the store holds (node names as
 * other nodes wrote them); the loop validates them.
 */
export interface StoreChange {
  readonly entry: string;
  /** True: the node announced itself (NOTIFY, PUBLISH, a watch `put`); false: it left. */
  readonly join: boolean;
}

export interface StoreListener {
  /** Changes the store delivered together (one watch response): reported as one diff. */
  changed(changes: readonly StoreChange[]): void;
  /** Events were missed (a compacted watch revision): read everything again. */
  resync(): void;
  /** The session cannot be trusted any more: connection lost, stream ended, lease lost. */
  lost(reason: unknown): void;
}

/** One connection's worth of store state; a new one is opened after each loss. */
export interface StoreSession {
  /** Writes or refreshes this node's entry, with an expiry the store itself enforces. */
  announce(): Promise<void>;
  /** Every live entry. Notifications keep flowing during the read. */
  list(): Promise<string[]>;
  /** Deletes this node's entry and tells the others. */
  withdraw(): Promise<void>;
  /** Frees the connection(s); never throws. */
  close(): Promise<void>;
}

export interface StoreDriver {
  /** The store's address for logs and errors, credentials redacted. */
  readonly target: string;
  /** Connects and subscribes; `listener` hears of changes from then on until `close()`. */
  open(listener: StoreListener): Promise<StoreSession>;
}
