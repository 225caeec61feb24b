import { HORIZON_DAYS } from "../automation/planner.js";
import { addDays, localDate, zonedInstant } from "../shared/time.js";

/** How far back the calendar feed reaches: subscribers keep last month's events in view. */
export const PAST_DAYS = 30;

/**
 * An event is found by its end only if it started at most this long before the window: it bounds
 * the index range every feed query scans (a year-long exhibition is the longest we expect).
 */
export const LONGEST_EVENT_DAYS = 366;

export interface FeedWindow {
  /** Events still running at this instant or starting after it… */
  from: Date;
  /** …and starting before this one. */
  to: Date;
  /** Whole library-local days, so a window (and every cache keyed by it) changes once a day. */
  key: string;
}

interface Today {
  day: string;
  start: Date;
  end: Date;
}

// Intl is the costliest part of answering a cached feed; the date changes once a day.
const todays = new Map<string, Today>();
const windows = new Map<string, FeedWindow>();

/** Today where the library is ("2026-12-01") and when it began. */
export function libraryToday(now: Date, timeZone: string): { day: string; start: Date } {
  const known = todays.get(timeZone);
  if (known && now >= known.start && now < known.end) return known;
  const day = localDate(now, timeZone);
  const today = {
    day,
    start: zonedInstant(day, "00:00", timeZone),
    end: zonedInstant(addDays(day, 1), "00:00", timeZone),
  };
  todays.set(timeZone, today);
  return today;
}

function window(fromDay: string, toDay: string, timeZone: string): FeedWindow {
  const key = `${fromDay}..${toDay}`;
  let found = windows.get(`${timeZone} ${key}`);
  if (!found) {
    if (windows.size >= 16) windows.clear();
    found = {
      from: zonedInstant(fromDay, "00:00", timeZone),
      to: zonedInstant(toDay, "00:00", timeZone),
      key,
    };
    windows.set(`${timeZone} ${key}`, found);
  }
  return found;
}

/**
 * The iCalendar feed: from PAST_DAYS ago to the end of the planner's horizon (HORIZON_DAYS
 * ahead), in whole days where the library is. Events ending earlier drop out of the feed.
 */
export function calendarWindow(now: Date, timeZone: string): FeedWindow {
  const { day } = libraryToday(now, timeZone);
  return window(addDays(day, -PAST_DAYS), addDays(day, HORIZON_DAYS + 1), timeZone);
}

/** RSS, Atom and JSON Feed: what is on today or later, to the same horizon. */
export function upcomingWindow(now: Date, timeZone: string): FeedWindow {
  const { day } = libraryToday(now, timeZone);
  return window(day, addDays(day, HORIZON_DAYS + 1), timeZone);
}
