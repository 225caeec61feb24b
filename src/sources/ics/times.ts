import ICAL from "ical.js";
import { addDays, zonedInstant } from "../../shared/time.js";

export type IcalTime = InstanceType<typeof ICAL.Time>;
export type IcalDuration = InstanceType<typeof ICAL.Duration>;

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-10-26": the calendar date an iCalendar DATE (or DATE-TIME) shows. */
export const dayOf = (time: IcalTime) => `${time.year}-${pad(time.month)}-${pad(time.day)}`;

const knownZones = new Map<string, boolean>();

function isIanaZone(tzid: string): boolean {
  let known = knownZones.get(tzid);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tzid });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(tzid, known);
  }
  return known;
}

/**
 * The instant a DATE-TIME means. UTC (…Z) and times whose TZID the calendar defines in a
 * VTIMEZONE are exact already (ical.js applies the VTIMEZONE's rules). A TZID without a
 * VTIMEZONE is read as the IANA zone of that name; a floating time (no TZID) and a TZID nobody
 * knows are read on the library's wall clock, which is what a calendar without zones means.
 */
export function instantOf(time: IcalTime, tzid: string | null, libraryZone: string): Date {
  if (time.zone !== ICAL.Timezone.localTimezone) return time.toJSDate();
  const zone = tzid && isIanaZone(tzid) ? tzid : libraryZone;
  const wall = zonedInstant(dayOf(time), `${pad(time.hour)}:${pad(time.minute)}`, zone);
  return new Date(wall.getTime() + time.second * 1000);
}

export interface When {
  startsAt: Date;
  endsAt: Date | null;
  allDay: boolean;
}

/** A DATE or DATE-TIME with the TZID its property named. */
export interface Stamp {
  time: IcalTime;
  tzid: string | null;
}

/**
 * When an event (or one occurrence) takes place, as Warta stores it. All-day events run from
 * midnight to midnight in the library's time zone, and endsAt is exclusive, as DTEND is: an
 * event on 26–28 October has DTEND 29 October and ends at 29 October 00:00.
 */
export function whenOf(start: Stamp, end: Stamp | null, libraryZone: string): When {
  if (start.time.isDate) {
    const first = dayOf(start.time);
    const last = end && end.time.compare(start.time) > 0 ? dayOf(end.time) : addDays(first, 1);
    return {
      startsAt: zonedInstant(first, "00:00", libraryZone),
      endsAt: zonedInstant(last, "00:00", libraryZone),
      allDay: true,
    };
  }
  const startsAt = instantOf(start.time, start.tzid, libraryZone);
  const endsAt = end ? instantOf(end.time, end.tzid, libraryZone) : null;
  // A DTEND before DTSTART is an error in the calendar; the event then has no known end.
  return { startsAt, endsAt: endsAt && endsAt >= startsAt ? endsAt : null, allDay: false };
}

/** The end of an occurrence that starts at `start` and lasts `duration` (wall-clock arithmetic). */
export function endAfter(start: IcalTime, duration: IcalDuration): IcalTime {
  const end = start.clone();
  end.addDuration(duration);
  return end;
}

/**
 * The key of one occurrence: the instant it originally started (ISO), or its date for all-day
 * series. An override's RECURRENCE-ID meets the occurrence it replaces through it, whether it
 * is written in UTC or in the series' zone.
 */
export function occurrenceKey(time: IcalTime, tzid: string | null, libraryZone: string): string {
  return time.isDate ? dayOf(time) : instantOf(time, tzid, libraryZone).toISOString();
}
