import { createReadStream } from "node:fs";
import { type FileHandle, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Draft } from "./normalize.js";

/** A draft to write, with its position among the records read (for progress). */
export interface Spooled {
  index: number;
  draft: Draft;
}

const NEWLINE = 0x0a;
/** Lines gathered per write: one ~100 KB write instead of hundreds of tiny buffers. */
const LINES_PER_WRITE = 256;

/**
 * The drafts an import's first pass accepted, parked on disk for the second, one JSON line each:
 * writing then needs neither the whole file in memory nor parsing it again (reading a JSON line
 * costs a small part of reading a MARC record, and leaves far less garbage behind).
 */
export class DraftSpool {
  private lines: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(): Promise<DraftSpool> {
    const dir = await mkdtemp(path.join(tmpdir(), "warta-import-drafts-"));
    const file = path.join(dir, "drafts.jsonl");
    try {
      return new DraftSpool(dir, file, await open(file, "w"));
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  async add(index: number, draft: Draft): Promise<void> {
    this.lines.push(JSON.stringify([index, draft]));
    if (this.lines.length >= LINES_PER_WRITE) await this.flush();
  }

  /** Every draft added, in order, `size` at a time; call once, after the last add. */
  async *batches(size: number): AsyncGenerator<Spooled[]> {
    await this.flush();
    let batch: Spooled[] = [];
    let rest: Buffer | null = null;
    // Lines split by hand: readline's iterator queues up to 1,024 lines ahead of the batches.
    for await (const chunk of createReadStream(this.file) as AsyncIterable<Buffer>) {
      const bytes: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
        const [index, draft] = JSON.parse(bytes.toString("utf8", start, end)) as [number, Draft];
        batch.push({ index, draft });
        start = end + 1;
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
      rest = start < bytes.length ? bytes.subarray(start) : null;
    }
    if (batch.length > 0) yield batch;
  }

  async dispose(): Promise<void> {
    await this.handle.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }

  private async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = `${this.lines.join("\n")}\n`;
    this.lines = [];
    await this.handle.write(text);
  }
}
