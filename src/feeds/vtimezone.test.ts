import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { wallTimeOf } from "../shared/time.js";
import { offsetTransitions, vtimezone } from "./vtimezone.js";

/** The VTIMEZONE as ical.js reads it, independent of Intl. */
function parsedZone(zone: string, fromYear: number, toYear: number): ICAL.Timezone {
  const text = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${vtimezone(zone, fromYear, toYear)}END:VCALENDAR\r\n`;
  const component = new ICAL.Component(ICAL.parse(text));
  const vtz = component.getFirstSubcomponent("vtimezone");
  if (!vtz) throw new Error("no VTIMEZONE");
  return new ICAL.Timezone({ component: vtz, tzid: zone });
}

/** A wall time the clock shows twice (when it falls back) names no single instant. */
function ambiguous(instant: Date, zone: string): boolean {
  const shown = JSON.stringify(wallTimeOf(instant, zone));
  return [-3_600_000, -1_800_000, 1_800_000, 3_600_000].some(
    (shift) => JSON.stringify(wallTimeOf(new Date(instant.getTime() + shift), zone)) === shown,
  );
}

const zones = [
  "Asia/Makassar", // no DST: the library's own
  "Europe/Berlin", // DST at 01:00 UTC in March and October
  "America/New_York", // DST at 02:00 local
  "Australia/Sydney", // southern hemisphere: summer time spans the new year
  "Asia/Kolkata", // a half-hour offset
  "America/St_Johns", // a half-hour offset with DST
];

describe("VTIMEZONE built from Intl", () => {
  // Local to UTC is how clients read DTSTART;TZID. (ical.js's UTC-to-local conversion is off by
  // the offset change for a few hours around each transition, with any VTIMEZONE.)
  it.each(zones)("resolves %s's wall times of 2025–2027 to the right instants", (zone) => {
    const tz = parsedZone(zone, 2025, 2027);
    let checked = 0;
    for (
      let at = Date.UTC(2025, 0, 1, 3);
      at < Date.UTC(2028, 0, 1);
      at += 2 * 3_600_000 + 17 * 60_000
    ) {
      const instant = new Date(at);
      const w = wallTimeOf(instant, zone);
      if (ambiguous(instant, zone)) continue;
      const time = new ICAL.Time({ ...w, isDate: false }, tz);
      expect(time.toJSDate().toISOString()).toBe(instant.toISOString());
      checked += 1;
    }
    expect(checked).toBeGreaterThan(11_000);
  });

  it("finds Berlin's 2026 changes to the second, and none in Makassar", () => {
    const changes = offsetTransitions(
      "Europe/Berlin",
      new Date("2026-01-01T00:00:00Z"),
      new Date("2027-01-01T00:00:00Z"),
    );
    expect(changes).toEqual([
      { at: new Date("2026-03-29T01:00:00Z"), from: 3600, to: 7200 },
      { at: new Date("2026-10-25T01:00:00Z"), from: 7200, to: 3600 },
    ]);
    expect(
      offsetTransitions(
        "Asia/Makassar",
        new Date("2020-01-01T00:00:00Z"),
        new Date("2030-01-01T00:00:00Z"),
      ),
    ).toEqual([]);
  });

  it("writes observances with the offsets and names calendars show", () => {
    const makassar = vtimezone("Asia/Makassar", 2026, 2027);
    expect(makassar).toBe(
      [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Makassar",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:WITA",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
      ].join("\r\n"),
    );
    const berlin = vtimezone("Europe/Berlin", 2026, 2026);
    expect(berlin).toContain(
      "BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT",
    );
    expect(berlin).toContain(
      "BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD",
    );
  });
});
