import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp, testConfig } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";
import { apiTokens } from "../db/schema/index.js";
import { systemActor } from "./actor.js";
import { authenticate } from "./authenticate.js";
import { ensureAdminToken } from "./service.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

describe("authentication", () => {
  it("answers 401 with a Bearer challenge when no token is sent", async () => {
    const res = await t.request("GET", "/api/events", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect((await expectJson(res, 401)).error.code).toBe("unauthorized");
  });

  it("answers 401 to an unknown token", async () => {
    const body = await expectJson(
      t.request("GET", "/api/events", { token: "warta_not-a-real-token-at-all-xxxxxxxx" }),
      401,
    );
    expect(body.error.message).toMatch(/unknown or revoked/);
  });

  it("stops accepting a token once an admin revokes it", async () => {
    const { token, record } = await expectJson(
      t.request("POST", "/api/tokens", { body: { name: "Laptop humas", role: "editor" } }),
      201,
    );
    await expectJson(t.request("GET", "/api/events", { token }), 200);
    await expectJson(t.request("DELETE", `/api/tokens/${record.id}`), 200);
    await expectJson(t.request("GET", "/api/events", { token }), 401);
  });

  it("never shows a token's secret or hash after creation", async () => {
    const created = await expectJson(
      t.request("POST", "/api/tokens", { body: { name: "CI", role: "viewer" } }),
      201,
    );
    const list = await expectJson(t.request("GET", "/api/tokens"), 200);
    const text = JSON.stringify(list);
    expect(text).not.toContain(created.token);
    expect(text).not.toMatch(/hash/i);
    expect(list.items.find((i: { id: string }) => i.id === created.record.id)).toMatchObject({
      name: "CI",
      role: "viewer",
      prefix: created.token.slice(0, 12),
    });
  });
});

describe("roles", () => {
  type Case = {
    what: string;
    method: string;
    path: (role: string) => string;
    body?: () => unknown;
    allowed: string[];
  };
  const cases: Case[] = [
    {
      what: "read events",
      method: "GET",
      path: () => "/api/events",
      allowed: ["viewer", "editor", "publisher", "admin"],
    },
    {
      what: "create events",
      method: "POST",
      path: () => "/api/events",
      body: () => eventInput(),
      allowed: ["editor", "publisher", "admin"],
    },
    {
      what: "override templates",
      method: "PUT",
      path: (role) => `/api/templates/posts%2F${role === "admin" ? "en" : "id"}%2Fevent-today`,
      body: () => ({ body: "Halo {{name}}" }),
      allowed: ["publisher", "admin"],
    },
    { what: "list tokens", method: "GET", path: () => "/api/tokens", allowed: ["admin"] },
    { what: "read the audit log", method: "GET", path: () => "/api/audit", allowed: ["admin"] },
  ];

  for (const c of cases) {
    for (const role of ["viewer", "editor", "publisher", "admin"] as const) {
      const allowed = c.allowed.includes(role);
      it(`${allowed ? "lets" : "forbids"} a ${role} ${c.what}`, async () => {
        const res = await t.request(c.method, c.path(role), { as: role, body: c.body?.() });
        if (allowed) {
          expect(res.status, await res.clone().text()).toBeLessThan(300);
        } else {
          expect(res.status).toBe(403);
          expect((await expectJson(res, 403)).error.code).toBe("forbidden");
        }
      });
    }
  }
});

describe("audit log", () => {
  it("records who changed what, with the record before and after", async () => {
    const event = await expectJson(
      t.request("POST", "/api/events", { as: "editor", body: eventInput({ title: "Sebelum" }) }),
      201,
    );
    await expectJson(
      t.request("PATCH", `/api/events/${event.id}`, {
        as: "editor",
        body: { title: "Sesudah", version: 1 },
      }),
      200,
    );
    const log = await expectJson(
      t.request("GET", `/api/audit?entityType=event&entityId=${event.id}`),
      200,
    );
    expect(log.items.map((i: { action: string }) => i.action)).toEqual(["update", "create"]);
    const [update] = log.items;
    expect(update.actor.name).toBe("editor token");
    expect(update.before.title).toBe("Sebelum");
    expect(update.after.title).toBe("Sesudah");
    expect(update.at).toBe(t.clock.now().toISOString());
  });

  it("writes nothing to the audit log for a rejected request", async () => {
    const before = await expectJson(t.request("GET", "/api/audit?limit=1"), 200);
    await expectJson(
      t.request("POST", "/api/events", { as: "editor", body: eventInput({ kind: "party" }) }),
      400,
    );
    const after = await expectJson(t.request("GET", "/api/audit?limit=1"), 200);
    expect(after.items[0].id).toBe(before.items[0].id);
  });
});

describe("the first admin token", () => {
  /** Stands for a fresh install: no admin token at all. */
  async function withoutAdmins() {
    const fresh = await createTestApp();
    await fresh.database.db.delete(apiTokens).where(eq(apiTokens.role, "admin"));
    return fresh;
  }

  it("uses WARTA_ADMIN_TOKEN when no admin exists, then does nothing", async () => {
    const fresh = await withoutAdmins();
    const configured = "warta_configured-admin-token-0123456789";
    const ctx = {
      ...fresh.ctx,
      config: testConfig({ adminToken: configured }),
      actor: systemActor,
    };
    expect(await ensureAdminToken(ctx)).toEqual({ token: configured, generated: false });
    expect(await authenticate(fresh.deps.db, fresh.clock.now(), configured)).toMatchObject({
      role: "admin",
    });
    expect(await ensureAdminToken(ctx)).toBeNull();
  });

  it("generates one when none is configured", async () => {
    const fresh = await withoutAdmins();
    const result = await ensureAdminToken({
      ...fresh.ctx,
      config: testConfig({ adminToken: undefined }),
    });
    expect(result?.generated).toBe(true);
    expect(result?.token).toMatch(/^warta_[A-Za-z0-9_-]{43}$/);
    await expectJson(fresh.request("GET", "/api/audit", { token: result?.token ?? "" }), 200);
  });

  it("does not bring back a configured token that was revoked, and makes a new one", async () => {
    const fresh = await withoutAdmins();
    const configured = "warta_configured-admin-token-0123456789";
    const ctx = { ...fresh.ctx, config: testConfig({ adminToken: configured }) };
    await ensureAdminToken(ctx);
    await fresh.database.db.update(apiTokens).set({ revokedAt: fresh.clock.now() });
    const result = await ensureAdminToken(ctx);
    expect(result?.generated).toBe(true);
    expect(result?.warning).toContain("WARTA_ADMIN_TOKEN was revoked");
    expect(await authenticate(fresh.deps.db, fresh.clock.now(), configured)).toBeNull();
  });

  it("refuses to revoke the last active admin token", async () => {
    const fresh = await createTestApp();
    const tokens = await expectJson(fresh.request("GET", "/api/tokens"), 200);
    const admin = tokens.items.find((i: { role: string }) => i.role === "admin");
    const body = await expectJson(fresh.request("DELETE", `/api/tokens/${admin.id}`), 409);
    expect(body.error.message).toContain("last active admin token");
    await expectJson(fresh.request("GET", "/api/tokens"), 200);
  });

  it("shows no more than a quarter of a short configured token as its prefix", async () => {
    const fresh = await withoutAdmins();
    const configured = "abcdefghijklmnopqrstuvwxyz012345";
    await ensureAdminToken({ ...fresh.ctx, config: testConfig({ adminToken: configured }) });
    const tokens = await expectJson(
      fresh.request("GET", "/api/tokens", { token: configured }),
      200,
    );
    const admin = tokens.items.find((i: { role: string }) => i.role === "admin");
    expect(admin.prefix).toBe("abcdefgh");
  });
});
