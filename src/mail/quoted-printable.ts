/**
 * A body already encoded as quoted-printable: by `quotedPrintable`, or joined from encoded pieces
 * with `softBreakAfter`. A newsletter encodes its edition once and each recipient's
 * message is joined from the pieces, so nothing is encoded per recipient but their links.
 */
export class QuotedPrintable {
  constructor(readonly encoded: string) {}
}

/** A part of a message: text, or text already encoded. */
export type Body = string | QuotedPrintable;

const utf8 = new TextEncoder();

/** How each byte is written when it is not a literal character. */
const ESCAPED = Array.from(
  { length: 256 },
  (_, byte) => `=${byte.toString(16).toUpperCase().padStart(2, "0")}`,
);
/** Characters of an encoded line before a soft break ("=") ends it at 76. */
const LINE_LIMIT = 75;

/**
 * RFC 2045 quoted-printable of text as UTF-8: its line breaks become CRLF, longer lines are cut
 * by soft breaks, and whitespace at a line's end is escaped so no relay can strip it.
 */
export function quotedPrintable(text: string): string {
  return text.split(/\r?\n/).map(encodeLine).join("\r\n");
}

/** Printable ASCII but "=", and no whitespace: written as it is (links, mostly). */
const LITERAL_ONLY = /^[\x21-\x3c\x3e-\x7e]*$/;

function encodeLine(line: string): string {
  if (LITERAL_ONLY.test(line)) {
    let out = line.slice(0, LINE_LIMIT);
    for (let at = LINE_LIMIT; at < line.length; at += LINE_LIMIT) {
      out += `=\r\n${line.slice(at, at + LINE_LIMIT)}`;
    }
    return out;
  }
  const bytes = utf8.encode(line);
  let out = "";
  let column = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    const literal =
      (byte >= 33 && byte <= 126 && byte !== 61) ||
      ((byte === 32 || byte === 9) && i < bytes.length - 1);
    const token = literal ? String.fromCharCode(byte) : (ESCAPED[byte] as string);
    if (column + token.length > LINE_LIMIT) {
      out += "=\r\n";
      column = 0;
    }
    out += token;
    column += token.length;
  }
  return out;
}

/** What joins encoded text to the encoded text after it: a soft line break, unless a line just ended. */
export const softBreakAfter = (encoded: string) => (encoded.endsWith("\r\n") ? "" : "=\r\n");
