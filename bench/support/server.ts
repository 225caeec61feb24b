import { type ChildProcess, spawn } from "node:child_process";
import { openPostgres } from "../../src/db/client.js";

/** A scratch database on the Postgres server, dropped by `drop()`. */
export async function scratchDatabase(serverUrl: string, name: string) {
  const admin = openPostgres(serverUrl, 1);
  await admin.db.execute(`drop database if exists ${name} with (force)`);
  await admin.db.execute(`create database ${name}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = openPostgres(serverUrl, 1);
      await cleanup.db.execute(`drop database if exists ${name} with (force)`);
      await cleanup.close();
    },
  };
}

/** The real entry point (as `npm start` runs it), waiting until it listens. */
export async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/entry/node.ts"], {
    env: { ...process.env, PORT: "0", LOG_LEVEL: "warn", SEED_DEMO: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const match = /running on (http:\/\/\S+)/.exec(text);
      if (match?.[1]) resolve(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${text}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
