import { z } from "@hono/zod-openapi";
import { audiences, type EventKind, eventKinds } from "../db/schema/enums.js";
import { text } from "../shared/fields.js";
import { DEFAULT_TIMEOUT_MS } from "./fetch.js";

/** Categories as Indonesian and English calendars write them, to Warta's event kinds. */
export const defaultCategoryKinds: Record<string, EventKind> = {
  workshop: "workshop",
  lokakarya: "workshop",
  pelatihan: "workshop",
  kelas: "workshop",
  literasi: "literacy_session",
  "literasi digital": "literacy_session",
  "literasi informasi": "literacy_session",
  literacy: "literacy_session",
  pameran: "exhibition",
  exhibition: "exhibition",
  "bedah buku": "author_talk",
  "temu penulis": "author_talk",
  "peluncuran buku": "author_talk",
  author: "author_talk",
  "author talk": "author_talk",
  "pameran buku": "book_fair",
  "bazar buku": "book_fair",
  "book fair": "book_fair",
  budaya: "cultural",
  seni: "cultural",
  festival: "cultural",
  cultural: "cultural",
};

/** "  Bedah  Buku " and "bedah buku" are one category. */
export const normalizeCategory = (category: string) =>
  category.trim().replace(/\s+/g, " ").toLocaleLowerCase("id");

const categoryKinds = z
  .record(text(100), z.enum(eventKinds))
  .refine((table) => Object.keys(table).length <= 500, { message: "at most 500 categories" })
  .transform((table) =>
    Object.fromEntries(Object.entries(table).map(([key, kind]) => [normalizeCategory(key), kind])),
  );

/** How a calendar's events become Warta events. Stored with the defaults filled in. */
export const CalendarSettings = z
  .strictObject({
    categoryKinds: categoryKinds.default(defaultCategoryKinds).openapi({
      description:
        "CATEGORIES value (any case) → event kind; the first category found in the table wins. Replaces the default table when given.",
      example: { lokakarya: "workshop", "bedah buku": "author_talk" },
    }),
    defaultKind: z
      .enum(eventKinds)
      .default("other")
      .openapi({ description: "For events none of whose categories is in the table" }),
    defaultAudience: z
      .enum(audiences)
      .default("all")
      .openapi({ description: "Given to new events (staff can change it; syncs keep it)" }),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(DEFAULT_TIMEOUT_MS / 1000),
  })
  .openapi("CalendarSettings");
export type CalendarSettings = z.output<typeof CalendarSettings>;

/** A stored source's calendar settings (written by the API, so valid; defaults if older). */
export const calendarSettingsOf = (settings: Record<string, unknown>): CalendarSettings =>
  CalendarSettings.parse(settings);

/** The fetch deadline any kind of source may set. */
export function timeoutMsOf(settings: Record<string, unknown>): number {
  const seconds = settings.timeoutSeconds;
  return typeof seconds === "number" && seconds >= 1 && seconds <= 60
    ? seconds * 1000
    : DEFAULT_TIMEOUT_MS;
}
