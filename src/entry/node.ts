import { hostname } from "node:os";
import { serve } from "@hono/node-server";
import { createApp } from "../app.js";
import { ensureAdminToken } from "../auth/service.js";
import { bootstrap } from "../bootstrap.js";
import { ConfigError, loadConfig } from "../config.js";
import { seedDemoContent } from "../demo/seed.js";
import { createNewsletterSender } from "../newsletters/send/sender.js";
import { seedDefaultRules } from "../rules/service.js";
import { startScheduler } from "../scheduler/cron.js";
import { rootCause } from "../shared/errors.js";

async function main() {
  const config = loadConfig();
  const runtime = await bootstrap(config);
  const { deps, systemCtx } = runtime;

  // Printed as soon as it exists: if anything later fails, the token is not lost with it.
  const admin = await ensureAdminToken(systemCtx);
  if (admin?.generated) console.log(`Admin token (shown once, keep it safe): ${admin.token}`);
  if (admin?.warning) console.log(admin.warning);
  const rulesAdded = await seedDefaultRules(systemCtx);
  const seeded = config.seedDemo ? await seedDemoContent(systemCtx) : false;

  const server = serve(
    { fetch: createApp(deps).fetch, port: config.port, hostname: config.host },
    (info) => {
      const url = `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`;
      const database = config.databaseUrl
        ? "Postgres server"
        : `embedded PGlite in ${config.dataDir}`;
      const x = config.x.credentials
        ? `posting to ${config.x.apiBaseUrl}`
        : `preview mode (writes to ${config.dataDir}/outbox/x)`;
      console.log(`Warta for ${config.libraryName} is running on ${url}`);
      console.log(`  API docs:   ${url}/docs  (OpenAPI: ${url}/openapi.json)`);
      console.log(`  Database:   ${database}`);
      const mail = config.mail.smtpUrl
        ? `SMTP at ${new URL(config.mail.smtpUrl).host}`
        : `preview mode (writes .eml files to ${config.dataDir}/outbox/mail)`;
      console.log(`  Scheduler:  "${config.tickCron}" in ${config.timeZone}; X in ${x}`);
      console.log(`  Email:      ${mail}`);
      if (rulesAdded) console.log("  Default automation rules added (see /api/rules).");
      if (seeded) console.log("  Demo content added: events, literacy sessions and new books.");
      if (admin && !admin.generated)
        console.log("  Admin token: the WARTA_ADMIN_TOKEN you configured.");
    },
  );
  // Each process is its own worker; claims with leases keep several from sending anything twice.
  const scheduler = startScheduler(deps, `${hostname()}:${process.pid}`);
  const sender = createNewsletterSender(deps);
  sender.start();

  const shutDown = async (code: number) => {
    await Promise.all([scheduler.stop(), sender.stop()]);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive connections would hold close() open; requests in flight still finish.
    if ("closeIdleConnections" in server) server.closeIdleConnections();
    await closed;
    await runtime.close();
    process.exit(code);
  };

  server.on("error", async (err: NodeJS.ErrnoException) => {
    const reason =
      err.code === "EADDRINUSE" ? "is already in use (set PORT to another)" : err.message;
    console.error(`Warta could not listen on ${config.host}:${config.port}: ${reason}`);
    await Promise.all([scheduler.stop(), sender.stop()]);
    await runtime.close();
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info("shutting down", { signal });
    void shutDown(0);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError ? err.message : `Warta could not start: ${rootCause(err)}`,
  );
  process.exit(1);
});
