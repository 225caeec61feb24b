import { isbn13CheckDigit } from "../../src/acquisitions/isbn.js";

let sequence = 0;

/** A valid event body; override what the test is about. */
export function eventInput(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    kind: "workshop",
    title: `Lokakarya Menulis Cerpen ${sequence}`,
    startsAt: "2026-12-06T09:00:00+08:00",
    endsAt: "2026-12-06T11:00:00+08:00",
    location: "Aula Lantai 2",
    audience: "teens",
    tags: ["menulis"],
    ...overrides,
  };
}

/** A fresh valid ISBN-13 on every call. */
export function uniqueIsbn(): string {
  sequence += 1;
  const core = `978623${String(100000 + sequence).slice(-6)}`;
  return core + isbn13CheckDigit(core);
}

export function acquisitionInput(overrides: Record<string, unknown> = {}) {
  return {
    isbn: uniqueIsbn(),
    title: `Sejarah Minahasa Jilid ${sequence}`,
    authors: ["Johan Rondonuwu"],
    publisher: "Pustaka Kawanua",
    year: 2025,
    language: "id",
    subjects: ["Sejarah", "Sulawesi Utara"],
    acquiredOn: "2026-11-28",
    ...overrides,
  };
}
