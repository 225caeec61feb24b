import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { draftDigest } from "./digest.js";
import { nextPeriod, periodLabel } from "./period.js";
import { seedDecember, titlesOf } from "./test-fixtures.js";

describe("the next period, in the library's time zone (Asia/Makassar)", () => {
  const zone = "Asia/Makassar";
  const next = (cadence: "weekly" | "monthly", at: string) =>
    nextPeriod(cadence, new Date(at), zone);

  it("is the next calendar month, even across a year", () => {
    expect(next("monthly", "2026-11-25T02:00:00Z")).toEqual({
      start: "2026-12-01",
      end: "2026-12-31",
    });
    expect(next("monthly", "2026-12-31T10:00:00Z")).toEqual({
      start: "2027-01-01",
      end: "2027-01-31",
    });
    expect(next("monthly", "2028-01-15T00:00:00Z")).toEqual({
      start: "2028-02-01",
      end: "2028-02-29",
    });
    // 16:30 UTC on 30 November is already 1 December in Manado.
    expect(next("monthly", "2026-11-30T16:30:00Z")).toEqual({
      start: "2027-01-01",
      end: "2027-01-31",
    });
  });

  it("is the next Monday to Sunday; on a Monday, the week after", () => {
    expect(next("weekly", "2026-12-02T01:00:00Z")).toEqual({
      start: "2026-12-07",
      end: "2026-12-13",
    });
    expect(next("weekly", "2026-12-07T01:00:00Z")).toEqual({
      start: "2026-12-14",
      end: "2026-12-20",
    });
    // Sunday 23:30 in Manado: Monday is tomorrow.
    expect(next("weekly", "2026-12-13T15:30:00Z")).toEqual({
      start: "2026-12-14",
      end: "2026-12-20",
    });
  });
});

describe("naming a period", () => {
  it("says a month by its name, other periods as a range with plain spaces", () => {
    expect(periodLabel({ start: "2027-02-01", end: "2027-02-28" }, "id")).toBe("Februari 2027");
    expect(periodLabel({ start: "2026-12-28", end: "2027-01-03" }, "id")).toBe(
      "28 Desember 2026 – 3 Januari 2027",
    );
    expect(periodLabel({ start: "2026-11-26", end: "2026-12-25" }, "en")).toBe(
      "26 November – 25 December 2026",
    );
  });
});

describe("drafting the digest", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: "2026-11-25T01:00:00Z" });
    await seedDecember(t);
  });

  it("drafts next month's issue from the content store, with texts in both languages, once", async () => {
    const now = new Date("2026-11-25T01:00:00Z");
    const row = await draftDigest(t.ctx, { cadence: "monthly", now });
    expect(row).toMatchObject({
      status: "draft",
      planKey: "digest:monthly:2026-12",
      periodStart: "2026-12-01",
      periodEnd: "2026-12-31",
      subject: "Kabar Perpustakaan Kota Manado: Desember 2026",
      subjectEn: "News from Perpustakaan Kota Manado: December 2026",
      ruleId: null,
    });
    expect(row?.introEn).toContain("December 2026");
    const issue = await expectJson(t.request("GET", `/api/newsletters/${row?.id}`), 200);
    expect(titlesOf(issue).literacy_sessions).toEqual(["Kelas Literasi Digital Lansia"]);
    expect(issue.topics).toEqual(["events", "literacy_sessions", "children", "new_books"]);

    expect(await draftDigest(t.ctx, { cadence: "monthly", now })).toBeNull();
    const later = new Date("2026-11-30T10:00:00Z");
    expect(await draftDigest(t.ctx, { cadence: "monthly", now: later })).toBeNull();
    const list = await expectJson(t.request("GET", "/api/newsletters"), 200);
    expect(
      list.items.filter((i: { planKey: string }) => i.planKey === "digest:monthly:2026-12"),
    ).toHaveLength(1);
  });

  it("drafts next week's issue with its own key, and one per week", async () => {
    const now = new Date("2026-12-02T01:00:00Z");
    const week = await draftDigest(t.ctx, { cadence: "weekly", now });
    expect(week).toMatchObject({
      planKey: "digest:weekly:2026-12-07",
      periodStart: "2026-12-07",
      periodEnd: "2026-12-13",
      subject: "Kabar Perpustakaan Kota Manado: 7–13 Desember 2026",
    });
    const issue = await expectJson(t.request("GET", `/api/newsletters/${week?.id}`), 200);
    expect(titlesOf(issue)).toMatchObject({
      events: ["Pameran Foto Manado Tempo Dulu"],
      literacy_sessions: ["Kelas Literasi Digital Lansia"],
      children: ["Dongeng Pagi: Asal Mula Danau Tondano"],
    });
    expect(await draftDigest(t.ctx, { cadence: "weekly", now })).toBeNull();
  });
});
