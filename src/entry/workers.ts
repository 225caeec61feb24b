import cluster, { type Worker } from "node:cluster";
import { bootstrap } from "../bootstrap.js";
import type { Config } from "../config.js";
import { printBanner, setUp } from "./start-up.js";

/** What a worker process does: "background" serves HTTP and runs the scheduler and sender. */
type Role = "background" | "http";
const ROLE_VARIABLE = "WARTA_WORKER_ROLE";

/** This process's role when a supervisor started it; null when it runs on its own. */
export function workerRole(): Role | null {
  if (cluster.isPrimary) return null;
  return process.env[ROLE_VARIABLE] === "background" ? "background" : "http";
}

const RESTART_DELAY_MS = 1_000;

/**
 * Sets up once (migrations, admin token, seeds: never two processes racing at them), then keeps
 * `httpWorkers` processes serving on the shared port. Exactly one runs the scheduler and the
 * sender; a worker that dies is started again in the same role. SIGINT or SIGTERM stop them all,
 * each finishing what it was doing.
 */
export async function superviseWorkers(config: Config): Promise<void> {
  const runtime = await bootstrap(config);
  const notes = await setUp(runtime);
  await runtime.close();

  let stopping = false;
  let announced = false;
  const start = (role: Role) => {
    const worker = cluster.fork({ [ROLE_VARIABLE]: role });
    worker.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(
        `Warta worker ${worker.process.pid} (${role}) exited (${signal ?? code}); restarting`,
      );
      setTimeout(() => start(role), RESTART_DELAY_MS);
    });
    return worker;
  };
  cluster.on("listening", (_worker: Worker, address) => {
    if (announced) return;
    announced = true;
    const host = address.address?.includes(":") ? `[${address.address}]` : address.address;
    printBanner(config, `http://${host ?? config.host}:${address.port}`, notes);
  });
  start("background");
  for (let i = 1; i < config.httpWorkers; i++) start("http");

  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    let running = workers.length;
    if (running === 0) process.exit(0);
    for (const worker of workers) {
      worker.once("exit", () => {
        running -= 1;
        if (running === 0) process.exit(0);
      });
      worker.process.kill("SIGTERM");
    }
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
