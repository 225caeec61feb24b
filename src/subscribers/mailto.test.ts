import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApp, type TestApp } from "../../test/support/app.js";
import type { Database } from "../db/database.js";
import { createPglite, wrapPglite } from "../db/pglite.js";
import { consentRecords, subscribers } from "../db/schema/index.js";
import { createLinkSigner } from "../mail/links.js";
import { handleUnsubscribeMail } from "./mailto.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

/** A message as a mail program would send it, built by nodemailer (which encodes as it sees fit). */
async function message(fields: { subject?: string; text?: string; html?: string }) {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const info = await builder.sendMail({
    from: "Patron <patron@example.org>",
    to: "unsubscribe@localhost",
    ...fields,
  });
  return (info.message as Buffer).toString("utf8");
}

async function activeSubscriber(email: string) {
  const now = t.clock.now();
  const [row] = await t.deps.db
    .insert(subscribers)
    .values({
      email,
      topics: ["events"],
      status: "active",
      confirmedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error("no row");
  return { id: row.id, token: t.deps.links.sign("manage", row.id) };
}

const statusOf = async (id: string) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.id, id)))[0]?.status;

describe("unsubscribing by email (List-Unsubscribe mailto)", () => {
  it("reads the token from the Subject the mailto link prefills, and records method mailto", async () => {
    const { id, token } = await activeSubscriber("mail1@example.org");
    const result = await handleUnsubscribeMail(
      t.deps,
      await message({ subject: `unsubscribe ${token}` }),
    );
    expect(result).toEqual({ outcome: "unsubscribed", subscriberId: id });
    expect(await statusOf(id)).toBe("unsubscribed");
    const records = await t.deps.db
      .select()
      .from(consentRecords)
      .where(eq(consentRecords.subscriberId, id))
      .orderBy(asc(consentRecords.id));
    expect(records.at(-1)).toMatchObject({
      action: "unsubscribed",
      method: "mailto",
      wording: null,
    });

    const again = await handleUnsubscribeMail(
      t.deps,
      await message({ subject: `unsubscribe ${token}` }),
    );
    expect(again).toEqual({ outcome: "already_unsubscribed", subscriberId: id });
  });

  it("reads a Subject a mail program encoded (RFC 2047) and folded, with a reply prefix", async () => {
    const { id, token } = await activeSubscriber("mail2@example.org");
    const raw = await message({
      subject: `Balas: berhenti — unsubscribe ${token} — terima kasih ✓`,
    });
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/im);
    expect(await handleUnsubscribeMail(t.deps, raw)).toMatchObject({ outcome: "unsubscribed" });
    expect(await statusOf(id)).toBe("unsubscribed");
  });

  it("falls back to the first line of the body, base64 or quoted-printable, in a multipart message", async () => {
    const { id, token } = await activeSubscriber("mail3@example.org");
    const raw = await message({
      subject: "unsubscribe",
      text: `\n  unsubscribe ${token} ✓ ${"panjang ".repeat(20)}\n\nSalam`,
      html: `<p>unsubscribe ${token}</p>`,
    });
    expect(raw).toMatch(/multipart\/alternative/);
    expect(raw).toMatch(/Content-Transfer-Encoding: (base64|quoted-printable)/);
    expect(await handleUnsubscribeMail(t.deps, raw)).toMatchObject({ outcome: "unsubscribed" });
    expect(await statusOf(id)).toBe("unsubscribed");
  });

  it("does nothing for a message without a token, a forged token, or a confirm token", async () => {
    const { id, token } = await activeSubscriber("mail4@example.org");
    const forged = `${token.slice(0, 23)}${"B".repeat(22)}`;
    const confirmToken = t.deps.links.sign("confirm", id);
    for (const subject of ["unsubscribe", `unsubscribe ${forged}`, `unsubscribe ${confirmToken}`]) {
      expect(
        await handleUnsubscribeMail(t.deps, await message({ subject, text: "Tolong berhenti" })),
      ).toEqual({
        outcome: "no_token",
      });
    }
    expect(await handleUnsubscribeMail(t.deps, "")).toEqual({ outcome: "no_token" });
    expect(await statusOf(id)).toBe("active");
  });

  it("says so when the subscriber no longer exists", async () => {
    const { id, token } = await activeSubscriber("mail5@example.org");
    await t.deps.db.delete(subscribers).where(eq(subscribers.id, id));
    expect(
      await handleUnsubscribeMail(t.deps, await message({ subject: `unsubscribe ${token}` })),
    ).toEqual({
      outcome: "gone",
    });
  });
});

describe("npm run mail:inbound (the MTA pipe)", () => {
  const secret = "a link secret for the inbound-mail command test";

  function runCli(env: Record<string, string>, stdin: string) {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/inbound-mail.ts"], {
      env: { ...process.env, LOG_LEVEL: "error", SEED_DEMO: "false", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdin.end(stdin);
    return new Promise<{ code: number | null; output: string }>((resolve) =>
      child.on("exit", (code) => resolve({ code, output })),
    );
  }

  /**
   * The command opens the database itself: the test's own on the Postgres server, or an embedded
   * one in a data directory, started from the migrated template (no initdb).
   */
  async function databaseForCli(): Promise<{
    env: Record<string, string>;
    withDb<T>(work: (db: Database) => Promise<T>): Promise<T>;
  }> {
    if (t.database.url) {
      return {
        env: { DATABASE_URL: t.database.url },
        withDb: <T>(work: (db: Database) => Promise<T>) => work(t.deps.db),
      };
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), "warta-inbound-"));
    let template: Blob | undefined = new Blob([readFileSync(inject("pgliteTemplate"))]);
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: "" },
      async withDb<T>(work: (db: Database) => Promise<T>) {
        const client = await createPglite({
          dataDir: path.join(dataDir, "pglite"),
          ...(template ? { loadDataDir: template } : {}),
        });
        template = undefined;
        const database = wrapPglite(client);
        try {
          return await work(database.db);
        } finally {
          await database.close();
        }
      },
    };
  }

  it("unsubscribes from a piped message (exit 0) and bounces one without a token (exit 65)", async () => {
    const target = await databaseForCli();
    const id = await target.withDb(async (db) => {
      const [row] = await db
        .insert(subscribers)
        .values({ email: "pipe@example.org", topics: ["events"], status: "active" })
        .returning();
      return row?.id ?? "";
    });
    const token = createLinkSigner(secret).sign("manage", id);
    const env = { ...target.env, LINK_SECRET: secret };

    const done = await runCli(env, await message({ subject: `unsubscribe ${token}` }));
    expect(done.output).toContain(`Unsubscribed subscriber ${id}.`);
    expect(done.code).toBe(0);

    const stray = await runCli(
      env,
      await message({ subject: "Halo", text: "Jam buka perpustakaan?" }),
    );
    expect(stray.code).toBe(65);
    expect(stray.output).toContain("No unsubscribe token was found");

    const after = await target.withDb(async (db) => ({
      subscriber: (await db.select().from(subscribers).where(eq(subscribers.id, id)))[0],
      methods: (
        await db.select().from(consentRecords).where(eq(consentRecords.subscriberId, id))
      ).map((record) => record.method),
    }));
    expect(after.subscriber?.status).toBe("unsubscribed");
    expect(after.methods).toEqual(["mailto"]);
  }, 240_000);
});
