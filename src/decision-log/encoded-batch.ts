/**
 * Captured decisions (entry.ts) written one after another as UTF-8 into a
 * buffer of their own, up to a number of entries. A sealed batch goes to the
 * writer whole: to the SQLite writer's thread its memory is transferred, not
 * copied, and no object of a request crosses one by one.
 */
export interface EncodedBatch {
  /** The entries' text, UTF-8; the only view on its own ArrayBuffer (transferable). */
  bytes: Buffer;
  count: number;
}

/** Room a new buffer gets (a batch of 1,000 entries of about 600 bytes). */
const CHUNK_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
/** Zeroed buffers given back by the writer, kept for the next batches. */
const SPARE_BUFFERS = 4;

export class BatchEncoder {
  private buf: Buffer | undefined;
  private readonly spare: Buffer[] = [];
  private used = 0;
  /** Entries in the batch being filled. */
  count = 0;

  constructor(
    private readonly maxCount: number,
    private readonly sealed: (batch: EncodedBatch) => void,
  ) {}

  /** Appends one entry: its lines, each followed by a newline. */
  add(lines: readonly string[]): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8: what may not fit starts a new buffer.
    let room = 0;
    for (const l of lines) room += 3 * l.length + 1;
    if (this.buf && this.used + room > this.buf.length) this.seal();
    if (!this.buf) {
      const reused = room <= CHUNK_BYTES ? this.spare.pop() : undefined;
      this.buf = reused ?? Buffer.alloc(Math.max(CHUNK_BYTES, room)); // zeroed, never pooled: its ArrayBuffer is its own
    }
    for (const l of lines) {
      this.used += this.buf.write(l, this.used, 'utf8');
      this.buf[this.used++] = NEWLINE;
    }
    if (++this.count >= this.maxCount) this.seal();
  }

  /** Takes back a batch's buffer, zeroed by the writer, to fill again (allocating costs more than the batch's messages). */
  reuse(buffer: ArrayBuffer): void {
    if (buffer.byteLength === CHUNK_BYTES && this.spare.length < SPARE_BUFFERS) this.spare.push(Buffer.from(buffer));
  }

  /** Hands over the batch being filled, if it holds any entry. */
  seal(): void {
    if (!this.buf || this.count === 0) return;
    this.sealed({ bytes: this.buf.subarray(0, this.used), count: this.count });
    this.buf = undefined;
    this.used = 0;
    this.count = 0;
  }
}
