import { eq } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import { appSettings } from "../db/schema/index.js";

const KEY = "link_secret";

/**
 * LINK_SECRET if set; otherwise a random secret made on first start and kept in the database, so
 * links in emails already sent keep working across restarts (and across processes).
 */
export async function resolveLinkSecret(db: Database, config: Pick<Config, "mail">) {
  if (config.mail.linkSecret) return config.mail.linkSecret;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const fresh = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  await db.insert(appSettings).values({ key: KEY, value: fresh }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, KEY));
  if (!row) throw new Error("The link secret could not be stored");
  return row.value;
}
