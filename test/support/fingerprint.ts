import { sql } from "drizzle-orm";
import type { TestApp } from "./app.js";

/** Every table a request could write to, as one comparable value. */
export async function fingerprint(app: TestApp): Promise<string> {
  const result = await app.deps.db.execute(sql`
    select (select count(*) from events) as events, (select coalesce(sum(version), 0) from events) as ev,
           (select count(*) from acquisitions) as acquisitions, (select coalesce(sum(version), 0) from acquisitions) as av,
           (select count(*) from posts) as posts, (select coalesce(sum(version), 0) from posts) as pv,
           (select count(*) from deliveries) as deliveries, (select count(*) from template_overrides) as templates,
           (select count(*) from api_tokens) as tokens, (select count(*) from audit_log) as audit`);
  const rows = (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
  return JSON.stringify(rows[0]);
}
