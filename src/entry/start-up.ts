import { ensureAdminToken } from "../auth/service.js";
import type { Runtime } from "../bootstrap.js";
import type { Config } from "../config.js";
import { seedDemoContent } from "../demo/seed.js";
import { seedDefaultRules } from "../rules/service.js";

export interface StartNotes {
  rulesAdded: boolean;
  seeded: boolean;
  /** The admin token came from WARTA_ADMIN_TOKEN. */
  configuredToken: boolean;
}

/** First-start work, done once per start by one process: the admin token, rules, demo content. */
export async function setUp({ systemCtx }: Runtime): Promise<StartNotes> {
  // Printed as soon as it exists: if anything later fails, the token is not lost with it.
  const admin = await ensureAdminToken(systemCtx);
  if (admin?.generated) console.log(`Admin token (shown once, keep it safe): ${admin.token}`);
  if (admin?.warning) console.log(admin.warning);
  const rulesAdded = await seedDefaultRules(systemCtx);
  const seeded = systemCtx.config.seedDemo ? await seedDemoContent(systemCtx) : false;
  return { rulesAdded, seeded, configuredToken: Boolean(admin && !admin.generated) };
}

export function printBanner(config: Config, url: string, notes: StartNotes): void {
  const database = config.databaseUrl ? "Postgres server" : `embedded PGlite in ${config.dataDir}`;
  const x = config.x.credentials
    ? `posting to ${config.x.apiBaseUrl}`
    : `preview mode (writes to ${config.dataDir}/outbox/x)`;
  const mail = config.mail.smtpUrl
    ? `SMTP at ${new URL(config.mail.smtpUrl).host}`
    : `preview mode (writes .eml files to ${config.dataDir}/outbox/mail)`;
  const workers = config.httpWorkers > 1 ? ` (${config.httpWorkers} HTTP workers)` : "";
  console.log(`Warta for ${config.libraryName} is running on ${url}${workers}`);
  console.log(`  API docs:   ${url}/docs  (OpenAPI: ${url}/openapi.json)`);
  console.log(`  Database:   ${database}`);
  console.log(`  Scheduler:  "${config.tickCron}" in ${config.timeZone}; X in ${x}`);
  console.log(`  Email:      ${mail}`);
  if (notes.rulesAdded) console.log("  Default automation rules added (see /api/rules).");
  if (notes.seeded) console.log("  Demo content added: events, literacy sessions and new books.");
  if (notes.configuredToken) console.log("  Admin token: the WARTA_ADMIN_TOKEN you configured.");
}
