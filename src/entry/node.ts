import cluster from "node:cluster";
import { hostname } from "node:os";
import { serve } from "@hono/node-server";
import { createApp } from "../app.js";
import { bootstrap, type Runtime } from "../bootstrap.js";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { createNewsletterSender } from "../newsletters/send/sender.js";
import { startScheduler } from "../scheduler/cron.js";
import { rootCause } from "../shared/errors.js";
import { printBanner, setUp } from "./start-up.js";
import { superviseWorkers, workerRole } from "./workers.js";

/**
 * `npm start`. One process by default: set up, serve HTTP, run the scheduler and the newsletter
 * sender. With HTTP_WORKERS > 1 this process sets up, then supervises that many workers sharing
 * the port; the first of them also runs the scheduler and the sender.
 */
async function main() {
  const config = loadConfig();
  if (cluster.isPrimary && config.httpWorkers > 1) return superviseWorkers(config);
  const role = workerRole();
  const runtime = await bootstrap(config);
  const notes = role ? null : await setUp(runtime);
  await serveAndRun(config, runtime, {
    background: role !== "http",
    ready: (url) => notes && printBanner(config, url, notes),
  });
}

async function serveAndRun(
  config: Config,
  runtime: Runtime,
  options: { background: boolean; ready: (url: string) => unknown },
) {
  const { deps } = runtime;
  const server = serve(
    { fetch: createApp(deps).fetch, port: config.port, hostname: config.host },
    (info) =>
      options.ready(
        `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`,
      ),
  );
  // Each process is its own worker; claims with leases keep several from sending anything twice.
  const scheduler = options.background
    ? startScheduler(deps, `${hostname()}:${process.pid}`)
    : null;
  const sender = options.background ? createNewsletterSender(deps) : null;
  sender?.start();
  const stopBackground = () => Promise.all([scheduler?.stop(), sender?.stop()]);

  const shutDown = async (code: number) => {
    await stopBackground();
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
    await stopBackground();
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
