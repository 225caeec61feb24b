import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { id, timestamps, version } from "./columns.js";

/** A database override of a file template under templates/, by its name ("posts/id/event-reminder"). */
export const templateOverrides = pgTable(
  "template_overrides",
  {
    id: id(),
    name: text("name").notNull(),
    body: text("body").notNull(),
    version: version(),
    ...timestamps(),
  },
  (t) => [uniqueIndex("template_overrides_name_idx").on(t.name)],
);
