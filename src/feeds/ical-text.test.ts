import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { contentLine, escapeText, foldLine, utcOffset } from "./ical-text.js";

const encoder = new TextEncoder();

/** A one-event calendar with `summary` written the way the feed writes text. */
function summaryRoundTrip(summary: string): string {
  const text =
    contentLine("BEGIN", "VCALENDAR") +
    contentLine("VERSION", "2.0") +
    contentLine("PRODID", "-//test//EN") +
    contentLine("BEGIN", "VEVENT") +
    contentLine("UID", "1@test") +
    contentLine("DTSTAMP", "20261201T000000Z") +
    contentLine("DTSTART", "20261206T010000Z") +
    contentLine("SUMMARY", escapeText(summary)) +
    contentLine("END", "VEVENT") +
    contentLine("END", "VCALENDAR");
  const vevent = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent("vevent");
  return String(vevent?.getFirstPropertyValue("summary"));
}

describe("iCalendar text", () => {
  it("escapes commas, semicolons, backslashes and every kind of line break", () => {
    expect(escapeText("a,b;c\\d\ne\r\nf\rg")).toBe("a\\,b\\;c\\\\d\\ne\\nf\\ng");
    expect(summaryRoundTrip("Lomba, Bercerita; Anak \\ 📚\nBaris dua")).toBe(
      "Lomba, Bercerita; Anak \\ 📚\nBaris dua",
    );
  });

  it("drops control characters that iCalendar text may not hold", () => {
    expect(escapeText("a\u0001b\u001fc\td")).toBe("abc\td");
  });

  it("reads back any text exactly, with no physical line over 75 octets", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (summary) => {
        const expected = summary
          .replace(/\r\n|\r/g, "\n")
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters escapeText drops
          .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
        expect(summaryRoundTrip(summary)).toBe(expected);
        for (const line of foldLine(`SUMMARY:${escapeText(summary)}`).split("\r\n")) {
          expect(encoder.encode(line).length).toBeLessThanOrEqual(75);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("folds exactly at 75 octets, continuing with one space", () => {
    const folded = foldLine(`DESCRIPTION:${"x".repeat(100)}`);
    expect(folded).toBe(`DESCRIPTION:${"x".repeat(63)}\r\n ${"x".repeat(37)}\r\n`);
    // A four-octet emoji that would cross the limit moves whole to the next line.
    const emoji = foldLine(`SUMMARY:${"a".repeat(65)}📚📚`);
    expect(emoji).toBe(`SUMMARY:${"a".repeat(65)}\r\n 📚📚\r\n`);
  });

  it("writes UTC offsets with seconds only when there are some", () => {
    expect([utcOffset(28_800), utcOffset(-12_600), utcOffset(19_800), utcOffset(5_208)]).toEqual([
      "+0800",
      "-0330",
      "+0530",
      "+012648",
    ]);
  });
});
