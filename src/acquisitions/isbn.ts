/**
 * ISBN-10 or ISBN-13 (hyphens and spaces allowed) → the ISBN-13 digits, or null if the checksum
 * or shape is wrong. Every acquisition is stored by ISBN-13, so one edition has one record.
 */
export function normalizeIsbn(input: string): string | null {
  // Librarians paste "ISBN 978-…" or "ISBN-13: 978…" as often as the bare number.
  const bare = input.trim().replace(/^ISBN(?:-1[03])?:?\s*/i, "");
  const compact = bare.replace(/[\s-]/g, "").toUpperCase();
  // Only the Bookland prefixes are ISBNs; any other EAN-13 (a cereal box) is not.
  if (/^97[89]\d{10}$/.test(compact))
    return isbn13CheckDigit(compact.slice(0, 12)) === compact[12] ? compact : null;
  if (/^\d{9}[\dX]$/.test(compact) && isValidIsbn10(compact)) {
    const core = `978${compact.slice(0, 9)}`;
    return core + isbn13CheckDigit(core);
  }
  return null;
}

function isValidIsbn10(isbn: string): boolean {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const ch = isbn[i] ?? "";
    sum += (ch === "X" ? 10 : Number(ch)) * (10 - i);
  }
  return sum % 11 === 0;
}

export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}
