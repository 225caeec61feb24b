import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { browser, mailsTo, sendOwedEmails } from "../../test/support/patron.js";
import { auditLog, consentRecords, subscribers } from "../db/schema/index.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  for (const [email, status, topics, name] of [
    ["ani@perpus.example", "active", ["events", "children"], "Ani"],
    ["budi@perpus.example", "pending", ["new_books"], null],
    ["citra@other.example", "active", ["new_books"], '=HYPERLINK("http://evil")'],
    ["dodi@perpus.example", "unsubscribed", ["events"], 'Dodi, "Sr"'],
  ] as const) {
    await t.deps.db.insert(subscribers).values({
      email,
      status,
      topics: [...topics],
      name,
      confirmedAt: status === "pending" ? null : new Date("2026-11-01T02:00:00Z"),
      createdAt: new Date("2026-10-01T00:00:00Z"),
    });
  }
});

const idOf = async (email: string) =>
  (await t.deps.db.select().from(subscribers).where(eq(subscribers.email, email)))[0]?.id ?? "";

const importCsv = (csv: string, query = "") =>
  t.request("POST", `/api/subscribers/import${query}`, {
    raw: csv,
    headers: { "content-type": "text/csv" },
  });

describe("who may see the list", () => {
  it.each([
    ["GET", "/api/subscribers"],
    ["GET", "/api/subscribers/export"],
    ["POST", "/api/subscribers/import"],
  ])("%s %s needs an admin token", async (method, path) => {
    expect((await t.request(method, path, { token: null })).status).toBe(401);
    expect((await t.request(method, path, { as: "publisher" })).status).toBe(403);
  });

  it("is documented in the OpenAPI document", async () => {
    const doc = await expectJson(t.request("GET", "/openapi.json", { token: null }), 200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/subscribers",
        "/api/subscribers/{id}",
        "/api/subscribers/{id}/unsubscribe",
        "/api/subscribers/import",
        "/api/subscribers/export",
      ]),
    );
    expect(doc.paths["/api/subscribers/import"].post.requestBody.content).toHaveProperty(
      "text/csv",
    );
  });
});

describe("listing and searching", () => {
  it("lists by email address with a keyset cursor", async () => {
    const first = await expectJson(t.request("GET", "/api/subscribers?limit=2"), 200);
    expect(first.items.map((s: { email: string }) => s.email)).toEqual([
      "ani@perpus.example",
      "budi@perpus.example",
    ]);
    const second = await expectJson(
      t.request("GET", `/api/subscribers?limit=2&cursor=${first.nextCursor}`),
      200,
    );
    expect(second.items.map((s: { email: string }) => s.email)).toEqual([
      "citra@other.example",
      "dodi@perpus.example",
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters by text in the address, status and topic", async () => {
    const emails = async (query: string) =>
      (await expectJson(t.request("GET", `/api/subscribers?${query}`), 200)).items.map(
        (s: { email: string }) => s.email,
      );
    expect(await emails("q=PERPUS")).toEqual([
      "ani@perpus.example",
      "budi@perpus.example",
      "dodi@perpus.example",
    ]);
    expect(await emails("q=%25")).toEqual([]);
    expect(await emails("status=active")).toEqual(["ani@perpus.example", "citra@other.example"]);
    expect(await emails("topic=new_books&status=active")).toEqual(["citra@other.example"]);
  });

  it("refuses unknown filters and forged cursors with 400", async () => {
    for (const query of ["status=gone", "topic=gossip", "limit=0", "cursor=abc", "sort=email"]) {
      const body = await expectJson(t.request("GET", `/api/subscribers?${query}`), 400);
      expect(body.error.code).toBe("validation_failed");
    }
  });

  it("shows one subscriber with their consent history, and 404 for an unknown id", async () => {
    await browser(t).post("/subscribe", { email: "eka@perpus.example", topics: "children" });
    const id = await idOf("eka@perpus.example");
    const one = await expectJson(t.request("GET", `/api/subscribers/${id}`), 200);
    expect(one).toMatchObject({
      email: "eka@perpus.example",
      status: "pending",
      topics: ["children"],
    });
    expect(one.consent).toEqual([
      expect.objectContaining({
        action: "requested",
        method: "web_form",
        details: { topics: ["children"] },
      }),
    ]);
    await expectJson(
      t.request("GET", "/api/subscribers/0b9a4b2e-6a1f-4c1e-9a52-3f6a2d1c7e80"),
      404,
    );
    await expectJson(t.request("GET", "/api/subscribers/not-a-uuid"), 400);
  });
});

describe("staff changes", () => {
  it("unsubscribes on a patron's behalf, records it as staff, audits it without the address", async () => {
    const id = await idOf("ani@perpus.example");
    const after = await expectJson(t.request("POST", `/api/subscribers/${id}/unsubscribe`), 200);
    expect(after).toMatchObject({ status: "unsubscribed" });
    expect(after.consent.at(-1)).toMatchObject({ action: "unsubscribed", method: "staff" });
    const again = await expectJson(t.request("POST", `/api/subscribers/${id}/unsubscribe`), 200);
    expect(again.consent).toHaveLength(after.consent.length);

    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "unsubscribe",
      actorName: "admin token",
      before: { status: "active" },
      after: { status: "unsubscribed" },
    });
    expect(JSON.stringify(audit)).not.toContain("ani@");
  });

  it("deletes a subscriber with their consent records (204, then 404)", async () => {
    await browser(t, "192.0.2.9").post("/subscribe", {
      email: "fajar@perpus.example",
      topics: "events",
    });
    const id = await idOf("fajar@perpus.example");
    expect((await t.request("DELETE", `/api/subscribers/${id}`)).status).toBe(204);
    expect(
      await t.deps.db.select().from(consentRecords).where(eq(consentRecords.subscriberId, id)),
    ).toEqual([]);
    await expectJson(t.request("DELETE", `/api/subscribers/${id}`), 404);
    const [audit] = await t.deps.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audit).toMatchObject({ action: "delete", entityType: "subscriber" });
    expect(JSON.stringify(audit)).not.toContain("fajar");
  });
});

describe("CSV import", () => {
  it("brings rows with recorded consent in as active with the evidence, and the others as pending with a confirmation email", async () => {
    const csv = [
      "Email,Name,Locale,Topics,Consented_At,Consent_Method,Consent_Wording,Notes",
      'Gita@Perpus.example,Gita,en,events;new_books,2025-03-01T10:00:00+08:00,paper form at the desk,"Saya mau kabar perpustakaan, lewat email",vip',
      "hana@perpus.example,,,children|literacy_sessions,,,,",
      "budi@perpus.example,Budi,id,events,,,,",
      "",
    ].join("\r\n");
    const report = await expectJson(importCsv(csv), 200);
    expect(report).toEqual({
      dryRun: false,
      rows: 3,
      created: { active: 1, pending: 1 },
      existing: 1,
      confirmationEmails: { queued: 1 },
      ignoredColumns: ["notes"],
    });

    const gita = await expectJson(
      t.request("GET", `/api/subscribers/${await idOf("gita@perpus.example")}`),
      200,
    );
    expect(gita).toMatchObject({
      status: "active",
      locale: "en",
      topics: ["events", "new_books"],
      confirmedAt: "2025-03-01T02:00:00.000Z",
    });
    expect(gita.consent).toEqual([
      {
        at: t.clock.now().toISOString(),
        action: "imported",
        method: "csv_import",
        wording: "Saya mau kabar perpustakaan, lewat email",
        details: {
          topics: ["events", "new_books"],
          consentedAt: "2025-03-01T02:00:00.000Z",
          consentMethod: "paper form at the desk",
        },
      },
    ]);
    await sendOwedEmails(t);
    expect(await mailsTo(t.mailDir, "gita@perpus.example")).toEqual([]);

    const hana = await expectJson(
      t.request("GET", `/api/subscribers/${await idOf("hana@perpus.example")}`),
      200,
    );
    expect(hana).toMatchObject({
      status: "pending",
      locale: "id",
      topics: ["literacy_sessions", "children"],
      confirmedAt: null,
    });
    expect(hana.consent).toEqual([]);
    const [confirmation] = await mailsTo(t.mailDir, "hana@perpus.example");
    expect(confirmation?.parsed.subject).toMatch(/^Konfirmasi langganan/);

    // The address already known is left exactly as it was.
    const budi = await expectJson(
      t.request("GET", `/api/subscribers/${await idOf("budi@perpus.example")}`),
      200,
    );
    expect(budi).toMatchObject({ status: "pending", name: null, topics: ["new_books"] });

    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "import"));
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toMatch(/gita|hana/);
  });

  it("reports every bad row by line number and imports nothing", async () => {
    const before = await t.deps.db.select().from(subscribers);
    const csv = [
      "email,name,locale,topics,consented_at,consent_method,consent_wording",
      "ok@perpus.example,,,events,,,",
      "not an address,,,events,,,",
      "x@perpus.example,,fr,gossip,,,",
      "y@perpus.example,,,events,2025-02-30,form,Saya setuju",
      "z@perpus.example,,,events,2025-01-01,,",
      "w@perpus.example,,,events,2099-01-01T00:00:00Z,form,Saya setuju",
      "OK@perpus.example,,,events,,,",
    ].join("\n");
    const body = await expectJson(importCsv(csv), 400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.message).toMatch(/^Nothing was imported: line 3: email/);
    expect(
      body.error.details.issues.map(
        (i: { line: number; column: string }) => `${i.line} ${i.column}`,
      ),
    ).toEqual([
      "3 email",
      "4 locale",
      "4 topics",
      "5 consented_at",
      "6 consent_method",
      "7 consented_at",
      "8 email",
    ]);
    expect(body.error.details.issues.at(-1).message).toBe("the same address is already on line 2");
    expect(await t.deps.db.select().from(subscribers)).toHaveLength(before.length);
  });

  it("checks without writing or sending on dryRun", async () => {
    const before = await t.deps.db.select().from(subscribers);
    const report = await expectJson(
      importCsv(
        "email,topics\nirma@perpus.example,events\nani@perpus.example,events\n",
        "?dryRun=true",
      ),
      200,
    );
    expect(report).toMatchObject({
      dryRun: true,
      rows: 2,
      created: { active: 0, pending: 1 },
      existing: 1,
    });
    expect(await t.deps.db.select().from(subscribers)).toHaveLength(before.length);
    expect(await mailsTo(t.mailDir, "irma@perpus.example")).toEqual([]);
  });

  it("refuses a body that is not text/csv, a CSV without the needed columns, and one that does not parse", async () => {
    const wrongType = await expectJson(
      t.request("POST", "/api/subscribers/import", { body: { email: "a@b.example" } }),
      415,
    );
    expect(wrongType.error.message).toContain("text/csv");
    const noColumns = await expectJson(
      importCsv("address,interests\na@perpus.example,events\n"),
      400,
    );
    expect(noColumns.error.message).toContain("missing: email, topics");
    expect((await expectJson(importCsv(""), 400)).error.code).toBe("validation_failed");
    const broken = await expectJson(importCsv('email,topics\n"a@perpus.example,events\n'), 400);
    expect(broken.error.details.issues[0].line).toBeGreaterThan(1);
  });
});

describe("CSV export", () => {
  it("exports everyone as CSV that reads back, names kept from being run as formulas, and audits it", async () => {
    const res = await t.request("GET", "/api/subscribers/export");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="subscribers-2026-12-01.csv"',
    );
    const rows: Record<string, string>[] = parse(await res.text(), { columns: true, bom: true });
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    expect(Object.keys(rows[0] ?? {})).toEqual([
      "email",
      "name",
      "locale",
      "topics",
      "status",
      "confirmed_at",
      "created_at",
    ]);
    expect(byEmail.get("citra@other.example")).toEqual({
      email: "citra@other.example",
      name: '\'=HYPERLINK("http://evil")',
      locale: "id",
      topics: "new_books",
      status: "active",
      confirmed_at: "2026-11-01T02:00:00.000Z",
      created_at: "2026-10-01T00:00:00.000Z",
    });
    expect(byEmail.get("dodi@perpus.example")?.name).toBe('Dodi, "Sr"');
    expect(rows.map((row) => row.email)).toEqual([...rows.map((row) => row.email)].sort());
    expect(rows).toHaveLength((await t.deps.db.select().from(subscribers)).length);

    const onlyActive = parse(
      await (await t.request("GET", "/api/subscribers/export?status=active")).text(),
      {
        columns: true,
        bom: true,
      },
    ) as Record<string, string>[];
    expect(new Set(onlyActive.map((row) => row.status))).toEqual(new Set(["active"]));
    const audit = await t.deps.db.select().from(auditLog).where(eq(auditLog.action, "export"));
    expect(audit.map((a) => a.entityId)).toEqual(["all", "active"]);
  });

  it("exports more rows than one batch, each once", async () => {
    const now = t.clock.now();
    await t.deps.db.insert(subscribers).values(
      Array.from({ length: 2100 }, (_, i) => ({
        email: `bulk${String(i).padStart(4, "0")}@bulk.example`,
        topics: ["events"],
        createdAt: now,
      })),
    );
    const rows: Record<string, string>[] = parse(
      await (await t.request("GET", "/api/subscribers/export?status=pending")).text(),
      { columns: true, bom: true },
    );
    const bulk = rows.filter((row) => row.email?.endsWith("@bulk.example"));
    expect(bulk).toHaveLength(2100);
    expect(new Set(bulk.map((row) => row.email)).size).toBe(2100);
  });
});
