/**
 * The formatting behind the template helpers: pure functions of their input, the library's time
 * zone and the render's locale. render.ts binds them to Handlebars and names the helper and field
 * when one refuses its input (a HelperInputError).
 */
import { localDate, zonedInstant } from "../shared/time.js";

export type Locale = "id" | "en";

export const locales: readonly Locale[] = ["id", "en"];

/** en-GB: "Saturday, 6 December 2025 at 09:00", day before month, 24-hour clock. */
const intlLocale: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

/**
 * Indonesia's zones by their Indonesian names in both languages: Intl says "GMT+8" in English,
 * which nobody in Manado would write.
 */
const zoneAbbreviations: Record<string, string> = {
  "Asia/Jakarta": "WIB",
  "Asia/Pontianak": "WIB",
  "Asia/Makassar": "WITA",
  "Asia/Ujung_Pandang": "WITA",
  "Asia/Jayapura": "WIT",
};

/** A helper was given something it cannot use; render.ts adds which helper and field. */
export class HelperInputError extends Error {}

export interface FormatContext {
  timeZone: string;
  locale: Locale;
}

type Style = "dateTime" | "date" | "time";

const styles: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  },
  // Not dateStyle "full": it zero-pads the day ("Sabtu, 06 Desember 2025").
  date: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: Style, { timeZone, locale }: FormatContext): Intl.DateTimeFormat {
  const key = `${style}|${locale}|${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(intlLocale[locale], { ...styles[style], timeZone });
    formatters.set(key, found);
  }
  return found;
}

/**
 * Dates written so far. Intl's formatting is the slowest part of rendering a post, and a planning
 * pass writes the same few thousand start times again and again (each event, rule after rule).
 */
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 10_000;

function format(style: Style, instant: Date, ctx: FormatContext): string {
  const key = `${style}|${ctx.locale}|${ctx.timeZone}|${instant.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const zone = zoneAbbreviations[ctx.timeZone];
    text = formatter(style, ctx)
      .formatToParts(instant)
      .map((part) => (part.type === "timeZoneName" && zone ? zone : part.value))
      .join("");
    // A bound on memory, not an eviction policy: the next pass fills it again.
    if (formatted.size >= FORMATTED_KEPT) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

const ISO =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A Date, epoch milliseconds, or an ISO 8601 string. A string with no offset is a wall time in the
 * library's zone ("2025-12-06T09:00", the events' `local` fields; "2025-12-06" is that day's
 * midnight), never the server's zone.
 */
export function toInstant(value: unknown, timeZone: string): Date {
  let instant: Date | undefined;
  if (value instanceof Date) instant = value;
  else if (typeof value === "number" && Number.isFinite(value)) instant = new Date(value);
  else if (typeof value === "string") {
    const match = ISO.exec(value.trim());
    if (match) {
      const [, date = "", hour, minute, second, fraction, offset] = match;
      if (offset) instant = new Date(value.trim());
      else {
        const wall = zonedInstant(date, `${hour ?? "00"}:${minute ?? "00"}`, timeZone);
        const extraMs = Number(second ?? 0) * 1000 + Number(`0.${fraction ?? "0"}`) * 1000;
        instant = new Date(wall.getTime() + Math.round(extraMs));
      }
    }
  }
  if (!instant || Number.isNaN(instant.getTime())) {
    throw new HelperInputError(
      `expected a date (a Date or an ISO 8601 string such as 2025-12-06T09:00:00+08:00), got ${describe(value)}`,
    );
  }
  return instant;
}

/** "Sabtu, 6 Desember 2025 pukul 09.00 WITA" / "Saturday, 6 December 2025 at 09:00 WITA". */
export const formatDateTime = (value: unknown, ctx: FormatContext) =>
  format("dateTime", toInstant(value, ctx.timeZone), ctx);

/** "Sabtu, 6 Desember 2025" / "Saturday, 6 December 2025". */
export const formatDate = (value: unknown, ctx: FormatContext) =>
  format("date", toInstant(value, ctx.timeZone), ctx);

/** "09.00 WITA" / "09:00 WITA". */
export const formatTime = (value: unknown, ctx: FormatContext) =>
  format("time", toInstant(value, ctx.timeZone), ctx);

const relativeWords: Record<Locale, readonly string[]> = {
  id: ["hari ini", "besok", "lusa"],
  en: ["today", "tomorrow"],
};

/** "hari ini", "besok", "lusa" by calendar day in the library's zone; otherwise the date. */
export function relativeDay(value: unknown, now: Date, ctx: FormatContext): string {
  const instant = toInstant(value, ctx.timeZone);
  const days = Math.round(
    (Date.parse(localDate(instant, ctx.timeZone)) - Date.parse(localDate(now, ctx.timeZone))) /
      86_400_000,
  );
  return relativeWords[ctx.locale][days] ?? format("date", instant, ctx);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const isSpace = (s: string | undefined) => s !== undefined && /^\s+$/u.test(s);

/**
 * At most `max` characters (graphemes: an emoji or an accented letter is one), cut after the last
 * whole word that fits, with "…" (counted in `max`) only when something was cut.
 */
export function truncate(text: unknown, max: unknown): string {
  const limit = typeof max === "string" && max.trim() !== "" ? Number(max) : max;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) {
    throw new HelperInputError(
      `expected a length (a whole number of at least 1), got ${describe(max)}`,
    );
  }
  const value = textOf(text).trim();
  const chars = Array.from(graphemes.segment(value), (s) => s.segment);
  if (chars.length <= limit) return value;
  const room = chars.slice(0, limit - 1);
  let end = room.length;
  if (!isSpace(chars[limit - 1])) {
    // Back up to the last space; a single word longer than the room is cut inside it.
    let space = room.length - 1;
    while (space > 0 && !isSpace(room[space])) space--;
    if (space > 0) end = space;
  }
  const kept = room
    .slice(0, end)
    .join("")
    .replace(/[\s,;:\-–—]+$/u, "");
  return `${kept}…`;
}

/**
 * "#PerpustakaanKotaManado #literasi": every tag (from lists, comma-separated strings, or several
 * arguments) keeps only its letters, digits and underscores; repeats (ignoring case, as X does) and
 * tags with no letter (X does not link "#2025") are left out.
 */
export function hashtags(values: unknown[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (value: unknown) => {
    if (value === null || value === undefined || value === false) return;
    if (Array.isArray(value)) {
      for (const item of value) add(item);
      return;
    }
    if (typeof value === "string" && value.includes(",")) {
      for (const item of value.split(",")) add(item);
      return;
    }
    const tag = textOf(value).replace(/[^\p{L}\p{M}\p{N}_]/gu, "");
    if (!/\p{L}/u.test(tag)) return;
    const key = tag.toLocaleLowerCase("id");
    if (seen.has(key)) return;
    seen.add(key);
    out.push(`#${tag}`);
  };
  for (const value of values) add(value);
  return out.join(" ");
}

/** The list's items (empty ones left out) with `separator` between them; a missing list is "". */
export function join(list: unknown, separator: unknown = ", "): string {
  if (typeof separator !== "string") {
    throw new HelperInputError(`expected a separator string, got ${describe(separator)}`);
  }
  return listItems(list).join(separator);
}

/** A list's non-empty items as text; a missing list has none, a lone string is one. */
function listItems(list: unknown): string[] {
  if (list === null || list === undefined) return [];
  if (typeof list === "string") return list === "" ? [] : [list];
  if (!Array.isArray(list)) throw new HelperInputError(`expected a list, got ${describe(list)}`);
  return list.map(textOf).filter((item) => item !== "");
}

const listFormats = new Map<Locale, Intl.ListFormat>();

/** "A, B, dan C" / "A, B and C": a list as a sentence says it, in the render's locale. */
export function formatList(list: unknown, locale: Locale): string {
  let format = listFormats.get(locale);
  if (!format) {
    format = new Intl.ListFormat(intlLocale[locale], { type: "conjunction" });
    listFormats.set(locale, format);
  }
  return format.format(listItems(list));
}

/** An absolute URL as given; a path is resolved below the public base URL (even "/…"). */
export function link(url: unknown, publicBaseUrl: string): string {
  if (typeof url !== "string" || url.trim() === "") {
    throw new HelperInputError(`expected a URL or a path, got ${describe(url)}`);
  }
  const value = url.trim();
  try {
    if (/^[a-z][a-z\d+.-]*:/i.test(value)) {
      new URL(value);
      return value;
    }
    if (value.startsWith("//")) return new URL(value, publicBaseUrl).href;
    const base = publicBaseUrl.endsWith("/") ? publicBaseUrl : `${publicBaseUrl}/`;
    return new URL(value.replace(/^\/+/, ""), base).href;
  } catch {
    throw new HelperInputError(`"${value}" is not a valid URL`);
  }
}

/** Text from a string, number or boolean; anything else would print as "[object Object]". */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  throw new HelperInputError(`expected text, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing (undefined)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : "a Date";
  if (typeof value === "string") return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
