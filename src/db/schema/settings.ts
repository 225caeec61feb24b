import { pgTable, text } from "drizzle-orm/pg-core";
import { timestamps } from "./columns.js";

/** Values Warta generates once and keeps, such as the key that signs patron links. */
export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  ...timestamps(),
});
