import type { Locale } from "../config.js";
import { addDays, localDate, zonedInstant } from "../shared/time.js";

/** Calendar days in the library's time zone, both inclusive. */
export interface Period {
  start: string;
  end: string;
}

export type Cadence = "weekly" | "monthly";

const DAY_MS = 86_400_000;

export const periodDays = (period: Period) =>
  (Date.parse(period.end) - Date.parse(period.start)) / DAY_MS + 1;

/** The instants the period covers where the library is: [first midnight, the midnight after). */
export function periodInstants(period: Period, timeZone: string) {
  return {
    from: zonedInstant(period.start, "00:00", timeZone),
    to: zonedInstant(addDays(period.end, 1), "00:00", timeZone),
  };
}

/**
 * New books: those that arrived during the period or the same length of time before it. An issue
 * goes out as its period begins, so most of what it can show arrived just before.
 */
export const bookDays = (period: Period): Period => ({
  start: addDays(period.start, -periodDays(period)),
  end: period.end,
});

/** The next calendar month, or the next Monday to Sunday, after `now` in the library's zone. */
export function nextPeriod(cadence: Cadence, now: Date, timeZone: string): Period {
  const today = localDate(now, timeZone);
  if (cadence === "weekly") {
    const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
    const start = addDays(today, (8 - weekday) % 7 || 7);
    return { start, end: addDays(start, 6) };
  }
  const [year = 0, month = 1] = today.split("-").map(Number);
  const first = new Date(Date.UTC(year, month, 1));
  const last = new Date(Date.UTC(year, month + 1, 0));
  return { start: first.toISOString().slice(0, 10), end: last.toISOString().slice(0, 10) };
}

/** `digest:monthly:2026-12`, `digest:weekly:2026-12-07` (the Monday): one draft per period. */
export const digestPlanKey = (cadence: Cadence, period: Period) =>
  `digest:${cadence}:${cadence === "monthly" ? period.start.slice(0, 7) : period.start}`;

const isWholeMonth = (period: Period) =>
  period.start.endsWith("-01") &&
  period.end.slice(0, 7) === period.start.slice(0, 7) &&
  addDays(period.end, 1).endsWith("-01");

const intlLocale: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

/** "Desember 2026", "7–13 Desember 2026", "28 December 2026 – 3 January 2027". */
export function periodLabel(period: Period, locale: Locale): string {
  const at = (day: string) => new Date(`${day}T00:00:00Z`);
  if (isWholeMonth(period)) {
    return new Intl.DateTimeFormat(intlLocale[locale], {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(at(period.start));
  }
  return (
    new Intl.DateTimeFormat(intlLocale[locale], {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    })
      .formatRange(at(period.start), at(period.end))
      // Intl puts thin spaces around the dash; a subject line reads better with plain ones.
      .replace(/[\u2009\u202f]/g, " ")
  );
}

/** The subject and intro a new issue starts with, in both languages; staff may rewrite them. */
export function generatedTexts(period: Period, libraryName: string) {
  const id = periodLabel(period, "id");
  const en = periodLabel(period, "en");
  return {
    subject: { id: `Kabar ${libraryName}: ${id}`, en: `News from ${libraryName}: ${en}` },
    intro: {
      id: `Halo, Sahabat Perpustakaan! Inilah kegiatan dan buku baru di ${libraryName} untuk ${id}, sesuai topik pilihan Anda. Sampai jumpa di perpustakaan!`,
      en: `Hello, friends of the library! Here is what is on at ${libraryName} for ${en}, and the new books, for the topics you chose. See you at the library!`,
    },
  };
}
