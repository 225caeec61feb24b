import ICAL from "ical.js";
import { FeedError } from "../errors.js";
import type { FeedValues } from "../feed-fields.js";
import { type CalendarSettings, normalizeCategory } from "../settings.js";
import type { SyncSummary } from "../syncer.js";
import { expandSeries } from "./expand.js";
import { endAfter, occurrenceKey, type Stamp, type When, whenOf } from "./times.js";

type Component = InstanceType<typeof ICAL.Component>;
type Rejection = SyncSummary["rejected"][number];

/** One event or occurrence, keyed by UID and RECURRENCE-ID ("" for a one-off event). */
export interface CalendarEvent {
  uid: string;
  recurrenceId: string;
  values: FeedValues;
}

export interface ReadCalendar {
  /** What to store: every event and occurrence that has not ended, recurrences up to the horizon. */
  events: CalendarEvent[];
  /** Keys (eventKey) of what the feed holds, stored or not: anything else has left the feed. */
  present: Set<string>;
  /** UIDs of records that could not be read: their events stay as they were. */
  unreadable: Set<string>;
  rejected: Rejection[];
}

export interface ReadOptions {
  now: Date;
  /** Recurrences are expanded up to here (the planning horizon); one-off events are all read. */
  horizonEnd: Date;
  timeZone: string;
  settings: CalendarSettings;
}

/** A calendar this big is not a library's; refusing it keeps one sync's transaction bounded. */
const MAX_EVENTS = 20_000;
const MAX_REJECTIONS_LISTED = 100;

export const eventKey = (uid: string, recurrenceId: string) => JSON.stringify([uid, recurrenceId]);

/** Reads a calendar feed into events. Throws FeedError when the text is not a usable calendar. */
export function readCalendar(text: string, options: ReadOptions): ReadCalendar {
  const result: ReadCalendar = {
    events: [],
    present: new Set(),
    unreadable: new Set(),
    rejected: [],
  };
  let rejections = 0;
  const reject = (record: string, reason: string) => {
    rejections += 1;
    if (rejections <= MAX_REJECTIONS_LISTED) result.rejected.push({ record, reason });
  };
  const stored = new Set<string>();
  const keep = (uid: string, recurrenceId: string, values: FeedValues) => {
    const key = eventKey(uid, recurrenceId);
    if (stored.has(key)) {
      reject(uid, `appears twice${recurrenceId ? ` for ${recurrenceId}` : ""}; the first is kept`);
      return;
    }
    if (stored.size >= MAX_EVENTS) {
      throw new FeedError(
        "unusable",
        `The calendar has more than ${MAX_EVENTS.toLocaleString("en")} events to import; Warta takes at most that many`,
      );
    }
    stored.add(key);
    result.events.push({ uid, recurrenceId, values });
  };
  const notEnded = (when: When) => (when.endsAt ?? when.startsAt) >= options.now;

  const masters = new Map<string, Component>();
  const overrides = new Map<string, Component[]>();
  let position = 0;
  for (const calendar of parseCalendars(text)) {
    for (const vevent of calendar.getAllSubcomponents("vevent")) {
      position += 1;
      const uid = textOf(vevent, "uid", 1000);
      if (!uid) {
        reject(`VEVENT ${position}`, "has no UID, so it cannot be told apart from the others");
      } else if (vevent.hasProperty("recurrence-id")) {
        const list = overrides.get(uid) ?? [];
        list.push(vevent);
        overrides.set(uid, list);
      } else if (masters.has(uid)) {
        reject(uid, "appears twice; the first is kept");
      } else {
        masters.set(uid, vevent);
      }
    }
  }

  // Overrides first: each replaces one occurrence of its series, which the expansion then skips.
  const overridden = new Map<string, Set<string>>();
  for (const [uid, list] of overrides) {
    const master = masters.get(uid) ?? null;
    for (const vevent of list) {
      try {
        const rid = stampOf(vevent, "recurrence-id") as Stamp;
        const key = occurrenceKey(rid.time, rid.tzid, options.timeZone);
        overridden.set(uid, (overridden.get(uid) ?? new Set()).add(key));
        result.present.add(eventKey(uid, key));
        const start = stampOf(vevent, "dtstart") ?? rid;
        const when = whenOf(start, endOf(vevent, start), options.timeZone);
        if (notEnded(when)) {
          keep(uid, key, { ...describe(vevent, master, options.settings), ...timesOf(when) });
        }
      } catch (err) {
        if (err instanceof FeedError) throw err;
        result.unreadable.add(uid);
        reject(uid, problemOf(err));
      }
    }
  }

  for (const [uid, vevent] of masters) {
    try {
      const start = stampOf(vevent, "dtstart");
      if (!start) throw new Error("has no DTSTART");
      // Overrides are matched by key below; without `exceptions` ical.js would scan every VEVENT
      // of the calendar for each series (quadratic in the calendar's size).
      const event = new ICAL.Event(vevent, { exceptions: [] });
      if (!event.isRecurring()) {
        result.present.add(eventKey(uid, ""));
        const when = whenOf(start, endOf(vevent, start), options.timeZone);
        if (notEnded(when)) {
          keep(uid, "", { ...describe(vevent, null, options.settings), ...timesOf(when) });
        }
        continue;
      }
      const series = expandSeries(event, vevent, start, overridden.get(uid) ?? new Set(), options);
      if (series.cut) reject(uid, series.cut);
      if (series.incomplete) result.unreadable.add(uid);
      const described = describe(vevent, null, options.settings);
      for (const { key, when } of series.occurrences) {
        result.present.add(eventKey(uid, key));
        keep(uid, key, { ...described, ...timesOf(when) });
      }
    } catch (err) {
      if (err instanceof FeedError) throw err;
      result.unreadable.add(uid);
      reject(uid, problemOf(err));
    }
  }
  if (rejections > MAX_REJECTIONS_LISTED) {
    result.rejected.push({ reason: `…and ${rejections - MAX_REJECTIONS_LISTED} more` });
  }
  return result;
}

function parseCalendars(text: string): Component[] {
  const body = text.replace(/^\uFEFF/, "");
  if (body.includes("\u0000")) {
    throw new FeedError(
      "unusable",
      "The feed is binary data, not an iCalendar (text/calendar) file",
    );
  }
  if (!/^\s*BEGIN:VCALENDAR\r?\n/i.test(body)) {
    const start = body
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 60)
      .replace(/[\p{Cc}\uFFFD]/gu, "?");
    throw new FeedError(
      "unusable",
      `Not an iCalendar file: it should start with BEGIN:VCALENDAR but starts with ${JSON.stringify(start)}`,
    );
  }
  let jcal: unknown;
  try {
    jcal = ICAL.parse(body);
  } catch (err) {
    throw new FeedError(
      "unusable",
      `The calendar cannot be read (${problemOf(err)}); the file may be truncated or damaged`,
    );
  }
  const list = (Array.isArray(jcal) && typeof jcal[0] === "string" ? [jcal] : jcal) as unknown[][];
  return list.map((item) => {
    const component = new ICAL.Component(item);
    if (component.name !== "vcalendar") {
      throw new FeedError("unusable", `Not a calendar: the file holds a ${component.name}`);
    }
    return component;
  });
}

function stampOf(vevent: Component, name: string): Stamp | null {
  const property = vevent.getFirstProperty(name);
  if (!property) return null;
  const time = property.getFirstValue();
  if (!(time instanceof ICAL.Time)) throw new Error(`${name.toUpperCase()} is not a date`);
  const tzid = property.getParameter("tzid");
  return { time, tzid: typeof tzid === "string" ? tzid : null };
}

/** DTEND, or DTSTART + DURATION; null when the calendar gives neither. */
function endOf(vevent: Component, start: Stamp): Stamp | null {
  const end = stampOf(vevent, "dtend");
  if (end) return end;
  const duration = vevent.getFirstPropertyValue("duration");
  if (duration instanceof ICAL.Duration) {
    return { time: endAfter(start.time, duration), tzid: start.tzid };
  }
  return null;
}

/** A text property, cleaned for storage: no control characters but line breaks, at most `max`. */
function textOf(vevent: Component | null, name: string, max: number): string | null {
  const value = vevent?.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  const clean = String(value)
    .replace(/[^\P{Cc}\n\t]/gu, "")
    .trim()
    .slice(0, max)
    .trim();
  return clean === "" ? null : clean;
}

type Described = Omit<FeedValues, "startsAt" | "endsAt" | "allDay">;

/**
 * What an event says besides its times. An override may leave out what it shares with its
 * series (RFC 5545 says it should not), so the series fills in.
 */
function describe(
  vevent: Component,
  master: Component | null,
  settings: CalendarSettings,
): Described {
  const field = (name: string, max: number) =>
    textOf(vevent, name, max) ?? textOf(master, name, max);
  const title = field("summary", 200);
  if (!title) throw new Error("has no SUMMARY (title)");
  const url = field("url", 2000);
  return {
    kind: kindOf(vevent, master, settings),
    title,
    description: field("description", 20_000),
    location: field("location", 300),
    registration: url && /^https?:\/\/\S+$/i.test(url) ? url : null,
    status: field("status", 20)?.toUpperCase() === "CANCELLED" ? "cancelled" : "scheduled",
  };
}

const timesOf = (when: When) => ({
  startsAt: when.startsAt.toISOString(),
  endsAt: when.endsAt?.toISOString() ?? null,
  allDay: when.allDay,
});

function kindOf(vevent: Component, master: Component | null, settings: CalendarSettings) {
  let categories = vevent.getAllProperties("categories");
  if (categories.length === 0 && master) categories = master.getAllProperties("categories");
  for (const property of categories) {
    for (const value of property.getValues()) {
      const kind = settings.categoryKinds[normalizeCategory(String(value))];
      if (kind) return kind;
    }
  }
  return settings.defaultKind;
}

function problemOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/[\p{Cc}\uFFFD]/gu, "?").slice(0, 300);
}
