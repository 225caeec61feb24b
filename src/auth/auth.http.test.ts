import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp, testConfig } from "../../test/support/app.js";
import { eventInput } from "../../test/support/factories.js";
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
      path: (role) => `/api/templates/posts%2Fid%2Frole-check-${role}`,
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
  it("uses WARTA_ADMIN_TOKEN when no admin exists, then does nothing", async () => {
    const fresh = await createTestApp();
    // createTestApp made one admin; revoke it to stand for a fresh install.
    const admins = await expectJson(fresh.request("GET", "/api/tokens"), 200);
    const adminId = admins.items.find((i: { role: string }) => i.role === "admin").id;
    await expectJson(fresh.request("DELETE", `/api/tokens/${adminId}`), 200);

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
    const fresh = await createTestApp();
    const admins = await expectJson(fresh.request("GET", "/api/tokens"), 200);
    const adminId = admins.items.find((i: { role: string }) => i.role === "admin").id;
    await expectJson(fresh.request("DELETE", `/api/tokens/${adminId}`), 200);
    const result = await ensureAdminToken({
      ...fresh.ctx,
      config: testConfig({ adminToken: undefined }),
    });
    expect(result?.generated).toBe(true);
    expect(result?.token).toMatch(/^warta_[A-Za-z0-9_-]{43}$/);
    await expectJson(fresh.request("GET", "/api/audit", { token: result?.token ?? "" }), 200);
  });
});
