import { z } from "@hono/zod-openapi";

/** Postgres text cannot hold NUL; refuse it at the edge instead of failing in the database. */
const noNul = (value: string) => !value.includes("\u0000");

export const text = (max: number) =>
  z.string().max(max).refine(noNul, { message: "must not contain NUL characters" });

export const requiredText = (max: number) =>
  text(max).refine((value) => value.trim().length > 0, { message: "must not be blank" });

export const httpUrl = z
  .url({ protocol: /^https?$/, message: "must be an http or https URL" })
  .max(2000)
  .refine(noNul, { message: "must not contain NUL characters" });

/** ISO 8601 with an offset or Z; years 1900..2200 so no Date can overflow a timestamptz. */
export const instant = z.iso
  .datetime({
    offset: true,
    message: "must be an ISO 8601 date-time with offset, e.g. 2025-12-06T09:00:00+08:00",
  })
  .transform((value) => new Date(value))
  .refine((date) => date.getUTCFullYear() >= 1900 && date.getUTCFullYear() <= 2200, {
    message: "must be between the years 1900 and 2200",
  })
  .openapi({ type: "string", format: "date-time", example: "2025-12-06T09:00:00+08:00" });

/** For clearable fields: the document must say null is allowed (the transform hides the type). */
export const nullableInstant = instant
  .nullable()
  .openapi({ type: ["string", "null"], format: "date-time", example: "2025-12-06T11:00:00+08:00" });

export const calendarDate = z.iso
  .date({ message: "must be a date like 2025-12-06" })
  .refine((value) => value >= "1900-01-01" && value <= "2200-12-31", {
    message: "must be between the years 1900 and 2200",
  })
  .openapi({ example: "2025-12-06" });

export const tagList = z
  .array(
    text(50)
      // A refine, not a regex: JSON Schema cannot say \p{L}, and tags are Indonesian words.
      .refine((tag) => /^[\p{L}\p{N}_-]+$/u.test(tag), {
        message: "tags are single words (letters, digits, - and _)",
      })
      .transform((tag) => tag.toLowerCase()),
  )
  .max(30)
  .transform((tags) => [...new Set(tags)]);

/** A list of short texts, trimmed, without repeats (ignoring case: "Resep" and "resep" are one). */
export const textList = (maxItems: number, maxLength: number) =>
  z
    .array(requiredText(maxLength).transform((item) => item.trim()))
    .max(maxItems)
    .transform((items) => {
      const seen = new Set<string>();
      return items.filter((item) => {
        const key = item.toLocaleLowerCase("id");
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    });

/** Accepts a bare version field for clients that cannot send If-Match. */
export const versionField = z.number().int().min(1).max(2_000_000_000).optional();

/**
 * A list filter bound: a calendar day (read in the library's time zone by the service) or an
 * instant. A "+" in a query string arrives as a space ("…T00:00:00 08:00"); read it as meant.
 */
export const dayOrInstant = z
  .string()
  .max(40)
  .transform((raw, ctx): { day: string } | { at: Date } => {
    const value = raw.trim().replace(/ (\d{2}:?\d{2})$/, "+$1");
    if (calendarDate.safeParse(value).success) return { day: value };
    const parsed = instant.safeParse(value);
    if (parsed.success) return { at: parsed.data };
    ctx.addIssue({
      code: "custom",
      message:
        "must be a day such as 2025-12-06 (in the library's time zone) or a date-time with offset",
    });
    return z.NEVER;
  })
  .openapi({ type: "string", example: "2025-12-06" });

/**
 * A PATCH body: every field optional, no unknown ones, plus the version being edited (for
 * clients that cannot send If-Match).
 */
export function patchOf<F extends Record<string, z.ZodType>>(fields: F) {
  const optional = Object.fromEntries(
    Object.entries(fields).map(([key, schema]) => [key, schema.optional()]),
  );
  return z.strictObject({ ...optional, version: versionField } as {
    [K in keyof F]: z.ZodOptional<F[K]>;
  } & { version: typeof versionField });
}
