import type ICAL from "ical.js";
import { dayOf, endAfter, instantOf, type Stamp, type When, whenOf } from "./times.js";

type Component = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;

/** Occurrences kept per series within the horizon (an hourly RRULE makes 1,440 in 60 days). */
const MAX_OCCURRENCES = 500;
/** Steps through a series from its DTSTART, however far back that is. */
const MAX_STEPS = 50_000;
const DAY_MS = 86_400_000;

export interface Occurrence {
  /** The occurrence's RECURRENCE-ID key: its original start (ISO), or its date when all-day. */
  key: string;
  when: When;
}

export interface Series {
  occurrences: Occurrence[];
  /** Why the expansion stopped early, if it did. */
  cut?: string;
  /** The series could not be followed up to the horizon: what is stored of it must stay. */
  incomplete: boolean;
}

/**
 * The occurrences of a recurring VEVENT (RRULE, RDATE and EXDATE applied by ical.js) that have
 * not ended by `now` and start before the horizon, leaving out those an override replaces.
 */
export function expandSeries(
  event: IcalEvent,
  vevent: Component,
  start: Stamp,
  replaced: Set<string>,
  options: { now: Date; horizonEnd: Date; timeZone: string },
): Series {
  const { now, horizonEnd, timeZone } = options;
  const hasEnd = vevent.hasProperty("dtend") || vevent.hasProperty("duration");
  const duration = hasEnd ? event.duration : null;
  const first = whenOf(
    start,
    duration && { time: endAfter(start.time, duration), tzid: start.tzid },
    timeZone,
  );
  // Every occurrence lasts exactly as long as the first (RFC 5545, 3.8.5.3).
  const lengthMs = (first.endsAt ?? first.startsAt).getTime() - first.startsAt.getTime();
  // Local dates, with a day's slack for time zones, pass over occurrences long ended or far
  // ahead without converting their times (the costly part for a series started years ago).
  const firstDay = new Date(now.getTime() - lengthMs - DAY_MS).toISOString().slice(0, 10);
  const lastDay = new Date(horizonEnd.getTime() + DAY_MS).toISOString().slice(0, 10);
  const occurrences: Occurrence[] = [];
  const iterator = event.iterator();
  let steps = 0;
  for (let time = iterator.next(); time; time = iterator.next()) {
    if (++steps > MAX_STEPS) {
      const cut = `repeats too often; stopped after ${MAX_STEPS.toLocaleString("en")} steps`;
      return { occurrences, cut, incomplete: true };
    }
    const day = dayOf(time);
    if (day > lastDay) break;
    if (day < firstDay) continue;
    let when: When;
    if (time.isDate) {
      when = whenOf(
        { time, tzid: null },
        duration && { time: endAfter(time, duration), tzid: null },
        timeZone,
      );
    } else {
      const startsAt = instantOf(time, start.tzid, timeZone);
      when = {
        startsAt,
        endsAt: hasEnd ? new Date(startsAt.getTime() + lengthMs) : null,
        allDay: false,
      };
    }
    if (when.startsAt >= horizonEnd) break;
    const key = time.isDate ? day : when.startsAt.toISOString();
    if ((when.endsAt ?? when.startsAt) < now || replaced.has(key)) continue;
    if (occurrences.length >= MAX_OCCURRENCES) {
      const cut = `repeats more than ${MAX_OCCURRENCES} times in the horizon; the rest are left out`;
      return { occurrences, cut, incomplete: false };
    }
    occurrences.push({ key, when });
  }
  return { occurrences, incomplete: false };
}
