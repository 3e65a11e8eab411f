import { EpmdProtocolError } from './epmd-errors.js';
import { NamesLines, type NamesResponse } from './epmd-replies.js';

/** A NAMES reply larger than this is refused (erts epmd holds at most a few thousand names). */
export const MAX_NAMES_REPLY_BYTES = 1024 * 1024;

/**
 * Reads a NAMES reply as it streams in: epmd writes one line per node and the reply ends at
 * EOF, so lines (and the 4-byte port) may be split across TCP chunks at any byte. Lines are
 * split on the newline byte before decoding, so a UTF-8 name split across chunks stays whole.
 * A line that is not `name <n> at port <p>` is skipped and kept in `skipped`, as
 * `net_adm:names` skips it: one odd name must not hide the host's other nodes.
 */
export class NamesReader {
  private pending: Buffer = Buffer.alloc(0);
  private epmdPort: number | undefined;
  private readonly lines = new NamesLines();
  private total = 0;

  constructor(private readonly maxBytes = MAX_NAMES_REPLY_BYTES) {}

  push(chunk: Uint8Array): void {
    this.total += chunk.length;
    if (this.total > this.maxBytes) {
      throw new EpmdProtocolError(`NAMES reply exceeds ${this.maxBytes} bytes`);
    }
    this.pending =
      this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    if (this.epmdPort === undefined) {
      if (this.pending.length < 4) return;
      this.epmdPort = this.pending.readUInt32BE(0);
      this.pending = this.pending.subarray(4);
    }
    let start = 0;
    for (let nl = this.pending.indexOf(10, start); nl >= 0; nl = this.pending.indexOf(10, start)) {
      this.lines.add(this.pending.toString('utf8', start, nl));
      start = nl + 1;
    }
    this.pending = this.pending.subarray(start);
  }

  /** Call at EOF: the complete reply, or an error when it was cut short. */
  end(): NamesResponse {
    if (this.epmdPort === undefined)
      throw new EpmdProtocolError('NAMES reply ended before its port');
    if (this.pending.length > 0) throw new EpmdProtocolError('NAMES reply ends inside a line');
    return this.lines.response(this.epmdPort);
  }
}
