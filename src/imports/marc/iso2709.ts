import type { Problem } from "../record.js";
import { UnreadableInput } from "../record.js";
import { decodeMarc8, Marc8Error } from "./marc8.js";
import type { MarcField, MarcRecord } from "./types.js";

export type RawMarc = { number: number; record: MarcRecord } | { number: number; problem: Problem };

const RECORD_END = 0x1d;
const FIELD_END = 0x1e;
const SUBFIELD = 0x1f;
/** The largest record ISO 2709 can describe (a five-digit length). */
const MAX_RECORD = 99_999;

/**
 * Reads MARC 21 binary records one at a time from a stream, by the length in each leader: never
 * more than one record (and one chunk) in memory. A record whose length, leader or directory is
 * wrong is reported by number and skipped to the next record terminator; a file that ends inside
 * a record reports that record as truncated. A file whose first record is unreadable is not MARC.
 */
export async function* readIso2709(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<RawMarc> {
  let buffer: Buffer = Buffer.alloc(0);
  let number = 0;
  const take = function* (atEnd: boolean): Generator<RawMarc> {
    for (;;) {
      let start = 0;
      // Some exports put a line break between records.
      while (start < buffer.length && (buffer[start] === 0x0a || buffer[start] === 0x0d)) start++;
      buffer = buffer.subarray(start);
      if (buffer.length === 0) return;
      if (buffer.length < 5 && !atEnd) return;
      const declared = /^\d{5}$/.test(buffer.toString("latin1", 0, 5))
        ? Number(buffer.toString("latin1", 0, 5))
        : -1;
      const complete = declared >= 24 && buffer.length >= declared;
      if (complete && buffer[declared - 1] === RECORD_END) {
        number += 1;
        const bytes = buffer.subarray(0, declared);
        buffer = buffer.subarray(declared);
        yield { number, ...parseRecord(bytes) };
        continue;
      }
      if (declared >= 24 && !complete && !atEnd) return; // the rest of the record is coming
      const end = buffer.indexOf(RECORD_END);
      if (end < 0 && !atEnd) {
        if (buffer.length > MAX_RECORD) throw notMarc(number + 1, "no record terminator");
        return;
      }
      number += 1;
      if (number === 1 && declared < 24)
        throw notMarc(1, "it does not start with a MARC 21 leader");
      const problem: Problem =
        end < 0 && declared >= 24
          ? {
              code: "truncated",
              reason: `the file ends inside this record (${buffer.length} of ${declared} bytes): the file is truncated`,
            }
          : {
              code: "bad_record",
              reason:
                declared < 24
                  ? `the leader does not start with a record length (found "${printable(buffer.subarray(0, 5))}")`
                  : `the leader says ${declared} bytes but the record ends elsewhere`,
            };
      buffer = end < 0 ? Buffer.alloc(0) : buffer.subarray(end + 1);
      yield { number, problem };
    }
  };
  for await (const chunk of chunks) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    buffer = buffer.length === 0 ? bytes : Buffer.concat([buffer, bytes]);
    yield* take(false);
  }
  yield* take(true);
  if (number === 0) throw new UnreadableInput("the file is empty: no MARC records");
}

const notMarc = (record: number, why: string) =>
  new UnreadableInput(`not a MARC 21 (ISO 2709) file: record ${record}: ${why}`);

function parseRecord(bytes: Buffer): { record: MarcRecord } | { problem: Problem } {
  const leader = bytes.toString("latin1", 0, 24);
  const base = /^\d{5}$/.test(leader.slice(12, 17)) ? Number(leader.slice(12, 17)) : -1;
  if (base < 25 || base > bytes.length || bytes[base - 1] !== FIELD_END || (base - 25) % 12 !== 0) {
    return bad(
      `leader/12-16 gives a base address of data (${leader.slice(12, 17)}) that does not end the directory`,
    );
  }
  const coding = leader[9];
  let decode: Decode;
  if (coding === "a") decode = utf8;
  else if (coding === " ") decode = looksUtf8(bytes.subarray(base)) ? utf8 : marc8;
  else return bad(`leader/09 is "${coding}": neither " " (MARC-8) nor "a" (UTF-8)`);

  const fields: MarcField[] = [];
  for (let at = 24; at < base - 1; at += 12) {
    const tag = bytes.toString("latin1", at, at + 3);
    const length = digits(bytes, at + 3, 4);
    const offset = digits(bytes, at + 7, 5);
    if (!/^[0-9A-Za-z]{3}$/.test(tag) || length < 0 || offset < 0) {
      return bad(`directory entry "${printable(bytes.subarray(at, at + 12))}" is malformed`);
    }
    const start = base + offset;
    const end = start + length;
    if (end > bytes.length - 1) return bad(`field ${tag} runs past the end of the record`);
    try {
      fields.push(field(tag, bytes, start, bytes[end - 1] === FIELD_END ? end - 1 : end, decode));
    } catch (err) {
      if (err instanceof Marc8Error || err instanceof TypeError) {
        return {
          problem: { code: "bad_encoding", reason: `field ${tag}: ${encodingReason(err, coding)}` },
        };
      }
      throw err;
    }
  }
  return { record: { leader: `${leader.slice(0, 9)}a${leader.slice(10)}`, fields } };
}

/**
 * Text between `start` and `end` of the record: offsets rather than a Buffer view (and a second
 * Buffer to decode it) per subfield, two objects fewer for each of a record's subfields.
 */
type Decode = (bytes: Buffer, start: number, end: number) => string;

/** The field whose data runs from `start` to `end` (its terminator excluded). */
function field(tag: string, bytes: Buffer, start: number, end: number, decode: Decode): MarcField {
  if (tag < "010" && /^\d+$/.test(tag)) return { tag, value: decode(bytes, start, end) };
  const ind1 = String.fromCharCode(start < end ? (bytes[start] as number) : 0x20);
  const ind2 = String.fromCharCode(start + 1 < end ? (bytes[start + 1] as number) : 0x20);
  const subfields = [];
  let at = subfieldAt(bytes, start + 2, end);
  while (at >= 0 && at < end - 1) {
    const next = subfieldAt(bytes, at + 1, end);
    const code = String.fromCharCode(bytes[at + 1] as number);
    subfields.push({ code, value: decode(bytes, at + 2, next < 0 ? end : next) });
    at = next;
  }
  return { tag, ind1, ind2, subfields };
}

/** The next subfield delimiter from `from`, within the field (before `end`), or -1. */
function subfieldAt(bytes: Buffer, from: number, end: number): number {
  const at = from < end ? bytes.indexOf(SUBFIELD, from) : -1;
  return at >= 0 && at < end ? at : -1;
}

/** The number in `width` ASCII digits at `at`, or -1. */
function digits(bytes: Buffer, at: number, width: number): number {
  let value = 0;
  for (let i = at; i < at + width; i++) {
    const byte = bytes[i] ?? 0;
    if (byte < 0x30 || byte > 0x39) return -1;
    value = value * 10 + byte - 0x30;
  }
  return value;
}

/** Whether bytes `start` to `end` are all below `limit` (and, with `floor`, at least it). */
function allBelow(bytes: Uint8Array, start: number, end: number, limit: number, floor = 0) {
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    if (byte >= limit || byte < floor) return false;
  }
  return true;
}

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
/** Most catalogue text is ASCII, read as is; the rest is decoded and NFC-normalized. */
const utf8: Decode = (bytes, start, end) =>
  allBelow(bytes, start, end, 0x80)
    ? bytes.toString("latin1", start, end)
    : utf8Decoder.decode(bytes.subarray(start, end)).normalize("NFC");
/** MARC-8's fast path must not skip an escape sequence (ESC is ASCII too). */
const marc8: Decode = (bytes, start, end) =>
  allBelow(bytes, start, end, 0x7f, 0x20)
    ? bytes.toString("latin1", start, end)
    : decodeMarc8(bytes.subarray(start, end));

/**
 * Exports often leave leader/09 blank while writing UTF-8. Real MARC-8 text with diacritics is
 * never valid UTF-8 (a MARC-8 mark is followed by an ASCII letter, not a continuation byte),
 * so valid UTF-8 with non-ASCII bytes is read as UTF-8 instead of turning into mojibake.
 */
function looksUtf8(data: Uint8Array): boolean {
  if (allBelow(data, 0, data.length, 0x80)) return false;
  try {
    utf8Decoder.decode(data);
    return true;
  } catch {
    return false;
  }
}

function encodingReason(err: Error, coding: string | undefined): string {
  if (err instanceof Marc8Error) return err.message;
  return coding === "a"
    ? "leader/09 says UTF-8 but the bytes are not valid UTF-8"
    : "the text is neither MARC-8 nor UTF-8";
}

const bad = (reason: string) => ({ problem: { code: "bad_record" as const, reason } });

const printable = (bytes: Uint8Array) =>
  [...bytes]
    .map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : "?"))
    .join("");
