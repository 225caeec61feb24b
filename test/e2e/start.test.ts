import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectJson } from "../support/app.js";
import { createTestDatabase, type TestDatabase } from "../support/db.js";
import { runTs, type Started, startTs } from "../support/process.js";

/**
 * The real entry point as a new user runs it (`npm start`): on embedded PGlite in a fresh data
 * directory, or on the Postgres server when the suite runs against one.
 */
let dataDir: string;
let database: TestDatabase | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "warta-e2e-"));
  if (process.env.TEST_DATABASE_URL) database = await createTestDatabase();
  env = { PORT: "0", DATA_DIR: dataDir, DATABASE_URL: database?.url ?? "", WARTA_ADMIN_TOKEN: "" };
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ server: Started; url: string }> {
  const server = startTs("src/entry/node.ts", [], env);
  const [, url] = await server.waitFor(/running on (http:\/\/\S+)/, 60_000);
  return { server, url: url ?? "" };
}

/** Reads `read` every 200 ms, for up to 20 s, until `done` holds; the last value read. */
async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let waited = 0; !done(value) && waited < 20_000; waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

/** The post's delivery once it is sent (or as it is after 20 s). */
function sentDelivery(url: string, headers: Record<string, string>, postId: string) {
  return eventually(
    async () =>
      (await expectJson(fetch(`${url}/api/deliveries?postId=${postId}`, { headers }), 200))
        .items[0],
    (delivery) => delivery?.status === "sent",
  );
}

// Each test starts the real server (tsx compiles on the way): slow on a busy machine.
describe("npm start on a fresh install", { timeout: 120_000 }, () => {
  let token = "";

  it("serves the API with demo content, prints the admin token once and stops cleanly", async () => {
    const { server, url } = await start();
    try {
      token =
        (await server.waitFor(/Admin token \(shown once, keep it safe\): (warta_\S+)/))[1] ?? "";
      expect(await expectJson(fetch(`${url}/healthz`), 200)).toEqual({
        status: "ok",
        database: "ok",
      });

      const openapi = await expectJson(fetch(`${url}/openapi.json`), 200);
      for (const resource of ["/api/events", "/api/acquisitions", "/api/posts", "/api/templates"]) {
        expect(Object.keys(openapi.paths)).toContain(resource);
      }
      expect(await (await fetch(`${url}/docs`)).text()).toContain("/api/events");

      const auth = { authorization: `Bearer ${token}` };
      const events = await expectJson(fetch(`${url}/api/events?limit=200`, { headers: auth }), 200);
      expect(events.items.length).toBeGreaterThanOrEqual(14);
      expect(events.items.some((e: { kind: string }) => e.kind === "literacy_session")).toBe(true);
      const books = await expectJson(
        fetch(`${url}/api/acquisitions?limit=200`, { headers: auth }),
        200,
      );
      expect(books.items).toHaveLength(24);
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("publishes an approved post in preview mode within the next tick", async () => {
    // A tick every second instead of every minute, so the test need not wait.
    const server = startTs("src/entry/node.ts", [], { ...env, TICK_CRON: "* * * * * *" });
    const [, url] = await server.waitFor(/running on (http:\/\/\S+)/, 60_000);
    try {
      const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
      const drafts = await expectJson(
        fetch(`${url}/api/posts?status=draft&limit=200`, { headers: auth }),
        200,
      );
      const post = drafts.items.find((p: { origin: unknown }) => p.origin === null);
      await expectJson(
        fetch(`${url}/api/posts/${post.id}/approve`, {
          method: "POST",
          headers: { ...auth, "if-match": `"${post.version}"` },
        }),
        200,
      );
      const delivery = await sentDelivery(url ?? "", auth, post.id);
      expect(delivery?.status).toBe("sent");
      expect(delivery?.preview?.startsWith(path.join(dataDir, "outbox", "x"))).toBe(true);
      const written = JSON.parse(readFileSync(delivery?.preview ?? "", "utf8"));
      expect(written).toMatchObject({
        channel: "x",
        mode: "preview",
        delivery: { postId: post.id },
      });
      expect(JSON.stringify(written.requests)).toContain(post.body.slice(0, 40));
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("answers a sign-up at once and writes its confirmation as an .eml from the background sender", async () => {
    const { server, url } = await start();
    try {
      const res = await fetch(`${url}/subscribe`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "email=pemula%40example.org&topics=events&locale=id",
      });
      expect(res.status).toBe(200);
      const outbox = path.join(dataDir, "outbox", "mail");
      const confirmation = () => {
        const names = existsSync(outbox) ? readdirSync(outbox) : [];
        return names
          .map((name) => readFileSync(path.join(outbox, name), "utf8"))
          .find((raw) => raw.includes("To: pemula@example.org"));
      };
      const raw = await eventually(confirmation, Boolean);
      expect(raw).toMatch(/^Subject: Konfirmasi langganan/m);
      expect(raw).toContain("/confirm/");
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("starts again without a new token or a second copy of the demo", async () => {
    const { server, url } = await start();
    try {
      const books = await expectJson(
        fetch(`${url}/api/acquisitions?limit=200`, {
          headers: { authorization: `Bearer ${token}` },
        }),
        200,
      );
      expect(books.items).toHaveLength(24);
      expect(server.output()).not.toMatch(/Admin token \(shown once/);
    } finally {
      server.child.kill("SIGINT");
    }
    expect(await server.exited).toBe(0);
  });

  // Worker processes share one database: only on the Postgres server.
  it.runIf(process.env.TEST_DATABASE_URL)(
    "serves from several worker processes, one of which publishes, and stops them all",
    async () => {
      const server = startTs("src/entry/node.ts", [], {
        ...env,
        HTTP_WORKERS: "2",
        TICK_CRON: "* * * * * *",
      });
      const [, url] = await server.waitFor(/running on (http:\/\/\S+) \(2 HTTP workers\)/, 60_000);
      try {
        const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => fetch(`${url}/healthz`).then((res) => res.status)),
        );
        expect(answers.every((status) => status === 200)).toBe(true);
        const post = await expectJson(
          fetch(`${url}/api/posts`, {
            method: "POST",
            headers: auth,
            body: JSON.stringify({
              body: "Perpustakaan buka sampai pukul 20.00 malam ini.",
              channels: ["x"],
            }),
          }),
          201,
        );
        await expectJson(
          fetch(`${url}/api/posts/${post.id}/approve`, {
            method: "POST",
            headers: { ...auth, "if-match": `"${post.version}"` },
          }),
          200,
        );
        const delivery = await sentDelivery(url ?? "", auth, post.id);
        expect(delivery).toMatchObject({ status: "sent", attempts: 1 });
      } finally {
        server.child.kill("SIGTERM");
      }
      expect(await server.exited).toBe(0);
    },
  );

  it("creates and revokes tokens from the command line", async () => {
    const created = await runTs(
      "src/cli/token.ts",
      ["create", "--role", "editor", "--name", "Tim Humas"],
      env,
    );
    expect(created.code, created.output).toBe(0);
    const secret = created.output.match(/Token \(shown once, keep it safe\): (warta_\S+)/)?.[1];
    const id = created.output.match(/id ([0-9a-f-]{36})/)?.[1] ?? "";
    expect(secret).toBeDefined();

    const { server, url } = await start();
    try {
      const asEditor = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
      expect((await fetch(`${url}/api/events`, { headers: asEditor })).status).toBe(200);
      expect((await fetch(`${url}/api/tokens`, { headers: asEditor })).status).toBe(403);
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    const revoked = await runTs("src/cli/token.ts", ["revoke", id], env);
    expect(revoked.output).toContain("Revoked token");
  });

  // Two processes on one embedded data directory would corrupt it; a server has no such limit.
  it.skipIf(process.env.TEST_DATABASE_URL)(
    "refuses a second process on the same data directory",
    async () => {
      const { server } = await start();
      try {
        const second = await runTs("src/cli/token.ts", ["list"], env);
        expect(second.code).toBe(2);
        expect(second.output).toMatch(/Warta \(process \d+\) is already using .*Stop it first/);
      } finally {
        server.child.kill("SIGTERM");
        await server.exited;
      }
    },
  );

  it("names the problem when the command line is wrong", async () => {
    const bad = await runTs("src/cli/token.ts", ["create", "--role", "boss", "--name", "x"], env);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("--role must be one of viewer, editor, publisher, admin");
  });

  it("refuses to start with a bad setting, naming it", async () => {
    const bad = await runTs("src/entry/node.ts", [], { ...env, LIBRARY_TIMEZONE: "Mars/Olympus" });
    expect(bad.code).toBe(1);
    expect(bad.output.trim()).toBe(
      'Invalid LIBRARY_TIMEZONE (got "Mars/Olympus"): is not an IANA time zone such as Asia/Makassar',
    );
    const workers = await runTs("src/entry/node.ts", [], {
      ...env,
      DATABASE_URL: "",
      HTTP_WORKERS: "2",
    });
    expect(workers.code).toBe(1);
    expect(workers.output.trim()).toBe(
      'Invalid HTTP_WORKERS (got "2"): more than 1 needs DATABASE_URL (the embedded database belongs to one process)',
    );
  });
});
