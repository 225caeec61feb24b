import { AppError } from "./errors.js";

/**
 * Keyset pagination: the cursor carries the last row's sort value and id, so page 2,000 costs
 * what page 1 costs. Opaque to clients (base64url JSON).
 */
export function encodeCursor(sortValue: string, id: string): string {
  const json = JSON.stringify([sortValue, id]);
  // btoa takes bytes as characters: ASCII (dates, ids: nearly every cursor) is its own UTF-8.
  const binary = /^[\x20-\x7e]*$/.test(json)
    ? json
    : String.fromCharCode(...new TextEncoder().encode(json));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only what this API writes: a real UTC instant (no 30 February), years 1900 to 2200. */
export const isInstant = (value: string) => canonical(value) === value;
export const isDate = (value: string) =>
  canonical(`${value}T00:00:00.000Z`)?.slice(0, 10) === value;

function canonical(iso: string): string | undefined {
  const date = new Date(iso);
  const year = date.getUTCFullYear();
  return year >= 1900 && year <= 2200 ? date.toISOString() : undefined;
}

export function decodeCursor(
  cursor: string,
  isValidSortValue: (value: string) => boolean,
): { sortValue: string; id: string } {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(binary, (ch) => ch.charCodeAt(0)),
    );
    const parsed: unknown = JSON.parse(text);
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === "string" &&
      typeof parsed[1] === "string" &&
      isValidSortValue(parsed[0]) &&
      uuidPattern.test(parsed[1])
    ) {
      return { sortValue: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the one clear error below
  }
  throw new AppError("validation_failed", "cursor is not one this API gave out", {
    issues: [{ path: "query.cursor", message: "use the nextCursor of the previous page" }],
  });
}

/**
 * A page of `limit` items from the `limit + 1` rows a list fetched: the extra row only says that
 * a next page exists, and the last item on this one is where it starts.
 */
export function keysetPage<Row, Cursor>(
  rows: Row[],
  limit: number,
  cursorOf: (last: Row) => Cursor,
): { items: Row[]; nextCursor: Cursor | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
