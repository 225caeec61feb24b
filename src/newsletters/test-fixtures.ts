import { expectJson, type TestApp } from "../../test/support/app.js";
import { acquisitionInput, eventInput } from "../../test/support/factories.js";

/**
 * A library calendar around December 2026 (the test clock starts on 1 December), made through
 * the API: one event for each kind of section, and some that a December issue must leave out.
 */
export async function seedDecember(t: TestApp) {
  const event = (fields: Record<string, unknown>) =>
    expectJson(t.request("POST", "/api/events", { as: "editor", body: eventInput(fields) }), 201);
  const book = (fields: Record<string, unknown>) =>
    expectJson(
      t.request("POST", "/api/acquisitions", { as: "editor", body: acquisitionInput(fields) }),
      201,
    );
  const cancelled = await event({
    title: "Acara yang Dibatalkan",
    startsAt: "2026-12-15T09:00:00+08:00",
    endsAt: "2026-12-15T10:00:00+08:00",
  });
  await expectJson(t.request("DELETE", `/api/events/${cancelled.id}`, { as: "editor" }), 200);
  return {
    exhibition: await event({
      kind: "exhibition",
      title: "Pameran Foto Manado Tempo Dulu",
      audience: "all",
      allDay: true,
      startsAt: "2026-12-05T00:00:00+08:00",
      endsAt: "2026-12-08T00:00:00+08:00",
    }),
    seniorsClass: await event({
      kind: "literacy_session",
      title: "Kelas Literasi Digital Lansia",
      audience: "seniors",
      facilitator: "Tim Literasi Digital",
      registration: "https://perpustakaan.example/daftar?kelas=lansia&sesi=1",
      startsAt: "2026-12-09T10:00:00+08:00",
      endsAt: "2026-12-09T11:30:00+08:00",
    }),
    storytime: await event({
      kind: "literacy_session",
      title: "Dongeng Pagi: Asal Mula Danau Tondano",
      audience: "children",
      facilitator: "Pustakawan Layanan Anak",
      registration: "required",
      startsAt: "2026-12-12T09:30:00+08:00",
      endsAt: "2026-12-12T10:30:00+08:00",
    }),
    familyFair: await event({
      kind: "book_fair",
      title: "Bazar Buku Keluarga",
      audience: "families",
      startsAt: "2026-12-19T09:00:00+08:00",
      endsAt: "2026-12-19T15:00:00+08:00",
    }),
    january: await event({
      title: "Lokakarya Bulan Januari",
      startsAt: "2027-01-09T09:00:00+08:00",
      endsAt: "2027-01-09T11:00:00+08:00",
    }),
    cancelled,
    newBook: await book({
      title: "Laut Bercerita",
      authors: ["Leila S. Chudori"],
      coverUrl: "https://covers.example/laut-bercerita.jpg",
      acquiredOn: "2026-11-25",
    }),
    oldBook: await book({ title: "Buku yang Sudah Lama", acquiredOn: "2026-09-01" }),
  };
}

export const createDecemberIssue = (t: TestApp, body: Record<string, unknown> = {}) =>
  expectJson(
    t.request("POST", "/api/newsletters", {
      as: "editor",
      body: { periodStart: "2026-12-01", periodEnd: "2026-12-31", ...body },
    }),
    201,
  );

export const titlesOf = (issue: { sections: { topic: string; items: { title: string }[] }[] }) =>
  Object.fromEntries(
    issue.sections.map((section) => [section.topic, section.items.map((item) => item.title)]),
  );
