import { normalizeIsbn } from "../../acquisitions/isbn.js";
import type { CatalogueRecord } from "../record.js";
import { isDataField, type MarcField, type MarcRecord } from "./types.js";

type DataField = Extract<MarcField, { subfields: unknown }>;

/**
 * The MARC 21 fields an acquisition needs: 001 record id, 020 ISBN, 245 title, 100/700 authors,
 * 264/260 publisher and year, 008/041 language, 650 subjects, 090/082/084 call number, 520
 * summary, and when the library got the book: Koha's item date acquired (952 $d), else the date
 * of acquisition (541 $d). Not 008/00-05: that is when the record was made, often by another
 * library whose record was copied, years before this library bought the book.
 */
export function fromMarc(record: MarcRecord): CatalogueRecord {
  const byTag = new Map<string, MarcField[]>();
  for (const field of record.fields) {
    const same = byTag.get(field.tag);
    if (same) same.push(field);
    else byTag.set(field.tag, [field]);
  }
  const control = (tag: string) => {
    const field = byTag.get(tag)?.[0];
    return field && !isDataField(field) ? field.value : null;
  };
  const data = (tag: string) => dataFields(byTag.get(tag));

  const fixed = control("008") ?? "";
  const imprint = data("264").find((f) => f.ind2 === "1") ?? data("260")[0] ?? data("264")[0];
  const title = data("245")[0];
  return {
    recordId: control("001")?.trim() || null,
    isbn: firstIsbn(all(data("020"), "a")),
    title: title ? titleOf(first(title, "a"), first(title, "b")) : null,
    authors: names([...data("100"), ...data("700")]),
    publisher: trimPunctuation(first(imprint, "b")),
    year: yearIn(first(imprint, "c")) ?? yearIn(fixed.slice(7, 11)),
    language: /^[a-z]{3}$/.test(fixed.slice(35, 38))
      ? fixed.slice(35, 38)
      : first(data("041")[0], "a"),
    subjects: subjectsOf(data("650")),
    callNumber: callNumberOf(data("090")[0], data("082")[0], data("084")[0]),
    coverUrl: null,
    summary: first(data("520")[0], "a"),
    acquiredOn: earliest([...all(data("952"), "d"), ...all(data("541"), "d")].map(dateIn)),
  };
}

// Plain loops below, not flatMap and filter: this runs for each of 100,000 records, twice.

const NONE: readonly DataField[] = [];

function dataFields(fields: MarcField[] | undefined): readonly DataField[] {
  if (!fields) return NONE;
  const found: DataField[] = [];
  for (const field of fields) if (isDataField(field)) found.push(field);
  return found;
}

const first = (field: DataField | undefined, code: string) =>
  field?.subfields.find((s) => s.code === code)?.value ?? null;

function all(fields: readonly DataField[], code: string): string[] {
  const values: string[] = [];
  for (const field of fields) {
    for (const subfield of field.subfields) if (subfield.code === code) values.push(subfield.value);
  }
  return values;
}

function names(fields: DataField[]): string[] {
  const found: string[] = [];
  for (const field of fields) {
    const name = personName(first(field, "a"), field.ind1);
    if (name) found.push(name);
  }
  return found;
}

/** 650 $a with its subdivisions ($v $x $y $z): "Sejarah -- Sulawesi Utara". */
function subjectsOf(fields: readonly DataField[]): string[] {
  const subjects: string[] = [];
  for (const field of fields) {
    const parts: string[] = [];
    for (const subfield of field.subfields) {
      const part = "avxyz".includes(subfield.code) ? trimPunctuation(subfield.value) : null;
      if (part) parts.push(part);
    }
    if (parts.length > 0) subjects.push(parts.join(" -- "));
  }
  return subjects;
}

/** 020 $a often carries a qualifier ("979-8-12-345678-9 (pbk.)"): the first valid ISBN wins. */
function firstIsbn(values: string[]): string | null {
  for (const value of values) {
    const candidate = /^[\s\dXx-]+/.exec(value.trim())?.[0];
    const isbn = candidate ? normalizeIsbn(candidate) : null;
    if (isbn) return isbn;
  }
  return null;
}

/** "Bumi manusia :" + "sebuah roman /" → "Bumi manusia: sebuah roman" (ISBD punctuation off). */
function titleOf(main: string | null, rest: string | null): string | null {
  const a = trimPunctuation(main);
  const b = trimPunctuation(rest);
  if (!a) return b;
  if (!b) return a;
  const separator = /=\s*$/.test(main ?? "") ? " = " : /;\s*$/.test(main ?? "") ? "; " : ": ";
  return `${a}${separator}${b}`;
}

/** ISBD's closing marks (" /", " :", " ;", " =", ",", a full stop after a word) are not data. */
function trimPunctuation(value: string | null): string | null {
  if (value === null) return null;
  let text = value.trim();
  if (!ISBD_MARKS.includes(text.at(-1) ?? "")) return text || null;
  while (ISBD_END.test(text)) text = text.replace(ISBD_END, "").trimEnd();
  return text || null;
}

// A full stop after two letters ("roman.", "1995.") but not an initial ("Nh.", "J.").
const ISBD_END = /\s*[/:;=,]$|(?<=[^\s.]{3})\.$/;
const ISBD_MARKS = "/:;=,.";

/** 100/700 with first indicator 1 is "Surname, Forenames": shown as people write it. */
function personName(value: string | null, ind1: string): string | null {
  const name = trimPunctuation(value);
  if (!name) return null;
  const parts = name.split(",").map((part) => part.trim());
  if (ind1 === "1" && parts.length === 2 && parts[0] && parts[1]) return `${parts[1]} ${parts[0]}`;
  return name;
}

function callNumberOf(local?: DataField, ddc?: DataField, other?: DataField): string | null {
  const sub = (field: DataField | undefined, code: string) =>
    field?.subfields.find((s) => s.code === code)?.value.trim() || null;
  const localNumber = [sub(local, "a"), sub(local, "b")].filter(Boolean).join(" ");
  // 082 marks prime segments with "/" (899.221/3); the number itself has none.
  return localNumber || sub(ddc, "a")?.replaceAll("/", "") || sub(other, "a") || null;
}

function yearIn(value: string | null): number | null {
  const match = /(?:^|\D)(1[4-9]\d\d|2[01]\d\d)(?!\d)/.exec(value ?? "");
  return match?.[1] ? Number(match[1]) : null;
}

/** 2019-01-15 (Koha) or 20190115 (541 $d, ISO 8601 basic), checked to be a real day. */
function dateIn(value: string): string | null {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value.trim());
  if (!match) return null;
  const date = `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
}

const earliest = (dates: (string | null)[]) =>
  dates.filter((date): date is string => date !== null).sort()[0] ?? null;
