import { z } from "@hono/zod-openapi";
import { audiences, eventKinds } from "../db/schema/enums.js";

/**
 * A list filter as people write it in a URL: repeated (`?kind=a&kind=b`), comma-separated
 * (`?kind=a,b`) or both. Sorted and without repeats, so equal filters share one cached feed.
 */
export const listParam = <T extends readonly [string, ...string[]]>(values: T, noun: string) =>
  z
    .union([z.string().max(500), z.array(z.string().max(500)).max(20)])
    .transform((raw, ctx) => {
      const items = [raw]
        .flat()
        .flatMap((value) => value.split(","))
        .map((item) => item.trim())
        .filter(Boolean);
      const bad = items.filter((item) => !(values as readonly string[]).includes(item));
      if (bad.length > 0) {
        ctx.addIssue({
          code: "custom",
          message: `unknown ${noun} ${bad.join(", ")}; use ${values.join(", ")}`,
        });
        return z.NEVER;
      }
      return [...new Set(items)].sort() as T[number][];
    })
    .optional()
    .openapi({
      type: "string",
      description: `One or more of ${values.join(", ")}: comma-separated or repeated`,
    });

export const EventFeedQuery = z.strictObject({
  kind: listParam(eventKinds, "kind"),
  audience: listParam(audiences, "audience"),
});

/** No filters for the book feeds; unknown parameters are still refused. */
export const AcquisitionFeedQuery = z.strictObject({});

export interface EventFeedFilter {
  kinds: string[];
  audiences: string[];
}

export const eventFilterOf = (query: z.output<typeof EventFeedQuery>): EventFeedFilter => ({
  kinds: query.kind ?? [],
  audiences: query.audience ?? [],
});

/** `?kind=a,b&audience=c`: how a filter appears in self links and cache keys. */
export function filterQueryString(filter: EventFeedFilter): string {
  const params = [
    filter.kinds.length > 0 ? `kind=${filter.kinds.join(",")}` : "",
    filter.audiences.length > 0 ? `audience=${filter.audiences.join(",")}` : "",
  ].filter(Boolean);
  return params.length > 0 ? `?${params.join("&")}` : "";
}
