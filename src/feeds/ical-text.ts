/** The text layer of RFC 5545: escaping, content lines folded at 75 octets, CRLF, date forms. */

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** Control characters are not allowed in iCalendar text (tab is); a stray one would break clients. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A TEXT value: backslash, semicolon, comma and line breaks escaped. */
export function escapeText(value: string): string {
  return value
    .replace(CONTROL, "")
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * One content line, folded so no physical line exceeds 75 octets: a continuation starts with a
 * space (which counts), and a multi-byte UTF-8 character is never split across lines.
 */
export function foldLine(line: string): string {
  // Every UTF-16 unit is at most 3 octets (a surrogate pair, 2 units, is 4): short lines are safe.
  if (line.length * 3 <= MAX_OCTETS) return line + CRLF;
  let out = "";
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_OCTETS) {
      out += current + CRLF;
      current = " ";
      octets = 1;
    }
    current += char;
    octets += size;
  }
  return out + current + CRLF;
}

const utf8Length = (codePoint: number) =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/** `NAME;PARAM=value:value`, folded; the value must already be escaped as its type requires. */
export function contentLine(name: string, value: string, params: Record<string, string> = {}) {
  const paramText = Object.entries(params)
    .map(([key, param]) => `;${key}=${param}`)
    .join("");
  return foldLine(`${name}${paramText}:${value}`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** A UTC DATE-TIME: 20261206T010000Z. */
export const utcDateTime = (instant: Date) =>
  `${instant.getUTCFullYear()}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`;

/** A DATE from "2026-12-06": 20261206. */
export const dateValue = (isoDate: string) => isoDate.replace(/-/g, "");

/** A local (floating) DATE-TIME from its parts: 20261206T090000. */
export const localDateTime = (w: {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}) =>
  `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`;

/** A UTC-OFFSET from seconds east of UTC: +0800, -0330, +053328. */
export function utcOffset(seconds: number): string {
  const sign = seconds < 0 ? "-" : "+";
  const abs = Math.abs(seconds);
  const rest = abs % 60;
  return `${sign}${pad(Math.floor(abs / 3600))}${pad(Math.floor((abs % 3600) / 60))}${rest ? pad(rest) : ""}`;
}
