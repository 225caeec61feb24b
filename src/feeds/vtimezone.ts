import { wallTimeOf } from "../shared/time.js";
import { contentLine, localDateTime, utcOffset } from "./ical-text.js";

/**
 * A VTIMEZONE for any IANA zone, built from what Intl knows: the zone's UTC offset is sampled
 * daily over the years a feed covers, and every change is pinned to the second by bisection. Each
 * change becomes one observance with its own DTSTART (no RRULE to guess), so zones whose rules
 * changed, or that have no DST at all (Asia/Makassar), come out right alike.
 */

const DAY_MS = 86_400_000;

/** Seconds east of UTC in `timeZone` at `instant`. */
export function offsetSeconds(instant: Date, timeZone: string): number {
  const w = wallTimeOf(instant, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((wallAsUtc - Math.floor(instant.getTime() / 1000) * 1000) / 1000);
}

interface Transition {
  at: Date;
  from: number;
  to: number;
}

/** Every offset change in [start, end), in order. */
export function offsetTransitions(timeZone: string, start: Date, end: Date): Transition[] {
  const found: Transition[] = [];
  let before = start.getTime();
  let offset = offsetSeconds(start, timeZone);
  while (before < end.getTime()) {
    const next = Math.min(before + DAY_MS, end.getTime());
    const nextOffset = offsetSeconds(new Date(next), timeZone);
    if (nextOffset !== offset) {
      // The offset at `low` is the old one, at `high` the new one: close in on the change.
      let low = before;
      let high = next;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (offsetSeconds(new Date(middle), timeZone) === offset) low = middle;
        else high = middle;
      }
      found.push({ at: new Date(high), from: offset, to: nextOffset });
      offset = nextOffset;
    }
    before = next;
  }
  return found;
}

/** "WITA", "CEST", "EST"; Intl says "GMT+8" for some zones in some languages, so ask a few. */
function abbreviation(instant: Date, timeZone: string): string {
  let fallback = "";
  for (const locale of ["id-ID", "en-GB", "en-US"]) {
    const name = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "short" })
      .formatToParts(instant)
      .find((part) => part.type === "timeZoneName")?.value;
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
    fallback ||= name ?? "";
  }
  return fallback;
}

/** Summer time is whatever runs ahead of the year's smaller offset (January's or July's). */
function isDaylight(instant: Date, offset: number, timeZone: string): boolean {
  const year = instant.getUTCFullYear();
  const standard = Math.min(
    offsetSeconds(new Date(Date.UTC(year, 0, 1)), timeZone),
    offsetSeconds(new Date(Date.UTC(year, 6, 1)), timeZone),
  );
  return offset > standard;
}

/** The wall time at `at` read with `offset`, as a floating DATE-TIME. */
function wallTime(at: Date, offset: number): string {
  const wall = new Date(at.getTime() + offset * 1000);
  return localDateTime({
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  });
}

/** One observance; its DTSTART is the wall time, read with the offset in force until then. */
function observance(
  timeZone: string,
  at: Date,
  from: number,
  to: number,
  start = wallTime(at, from),
): string {
  const kind = isDaylight(at, to, timeZone) ? "DAYLIGHT" : "STANDARD";
  return (
    contentLine("BEGIN", kind) +
    contentLine("DTSTART", start) +
    contentLine("TZOFFSETFROM", utcOffset(from)) +
    contentLine("TZOFFSETTO", utcOffset(to)) +
    contentLine("TZNAME", abbreviation(at, timeZone)) +
    contentLine("END", kind)
  );
}

const built = new Map<string, string>();

/** The VTIMEZONE block for `timeZone`, valid from January 1 of `fromYear` through `toYear`. */
export function vtimezone(timeZone: string, fromYear: number, toYear: number): string {
  const key = `${timeZone} ${fromYear} ${toYear}`;
  const cached = built.get(key);
  if (cached) return cached;
  const start = new Date(Date.UTC(fromYear, 0, 1));
  const end = new Date(Date.UTC(toYear + 1, 0, 1));
  const initial = offsetSeconds(start, timeZone);
  const text =
    contentLine("BEGIN", "VTIMEZONE") +
    contentLine("TZID", timeZone) +
    // The offset in force when the range begins, dated 1970 as is customary: some clients
    // (ical.js) misread instants in the hours after the first DTSTART, and no event lies there.
    observance(timeZone, start, initial, initial, "19700101T000000") +
    offsetTransitions(timeZone, start, end)
      .map((change) => observance(timeZone, change.at, change.from, change.to))
      .join("") +
    contentLine("END", "VTIMEZONE");
  built.set(key, text);
  return text;
}
