import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../support/app.js";
import { acquisitionInput, eventInput } from "../support/factories.js";
import { fingerprint } from "../support/fingerprint.js";

let t: TestApp;
let eventId: string;
let acquisitionId: string;
let postId: string;

beforeAll(async () => {
  t = await createTestApp();
  eventId = (await expectJson(t.request("POST", "/api/events", { body: eventInput() }), 201)).id;
  acquisitionId = (
    await expectJson(t.request("POST", "/api/acquisitions", { body: acquisitionInput() }), 201)
  ).id;
  postId = (
    await expectJson(
      t.request("POST", "/api/posts", { body: { body: "Halo", channels: ["x"] } }),
      201,
    )
  ).id;
});

/** Values that have broken JSON APIs before: overflows, NUL, odd dates, deep nesting. */
const nasty = fc.oneof(
  { arbitrary: fc.anything(), weight: 1 },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "",
      " ",
      "\u0000",
      "a\u0000b",
      "\ud800",
      "x".repeat(20_000),
      "2026-02-30T09:00:00+08:00",
      "+275760-09-13T00:00:00Z",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59Z",
      "2026-12-06",
      "javascript:alert(1)",
      "ftp://example.com/x",
      "978-0-306-40615-7",
      "required",
      "../../etc/passwd",
      1e308,
      -0,
      2 ** 31,
      -(2 ** 31) - 1,
      Number.MAX_SAFE_INTEGER,
      1.5,
      true,
      null,
      [],
      {},
      [[[[[[[[]]]]]]]],
    ),
  },
);

/** A valid body with one or two fields (or unknown ones) replaced by something nasty. */
const mutated = (valid: Record<string, unknown>) => {
  const key = fc.constantFrom(
    ...Object.keys(valid),
    "version",
    "id",
    "__proto__",
    "status",
    "unknown",
  );
  return fc
    .uniqueArray(fc.tuple(key, nasty), { minLength: 1, maxLength: 2, selector: ([k]) => k })
    .map((changes) => ({ ...valid, ...Object.fromEntries(changes) }));
};

const routes = () => [
  { name: "POST /api/events", method: "POST", path: "/api/events", valid: eventInput() },
  {
    name: "PATCH /api/events/:id",
    method: "PATCH",
    path: `/api/events/${eventId}`,
    valid: { title: "Baru", version: 1 },
  },
  { name: "DELETE /api/events/:id", method: "DELETE", path: `/api/events/${eventId}`, valid: {} },
  {
    name: "POST /api/acquisitions",
    method: "POST",
    path: "/api/acquisitions",
    valid: acquisitionInput(),
  },
  {
    name: "PATCH /api/acquisitions/:id",
    method: "PATCH",
    path: `/api/acquisitions/${acquisitionId}`,
    valid: { title: "Baru", version: 1 },
  },
  {
    name: "POST /api/posts",
    method: "POST",
    path: "/api/posts",
    valid: { body: "Halo", channels: ["x"], scheduledAt: "2026-12-06T09:00:00+08:00" },
  },
  {
    name: "PATCH /api/posts/:id",
    method: "PATCH",
    path: `/api/posts/${postId}`,
    valid: { body: "Baru", version: 1 },
  },
  {
    name: "POST /api/posts/:id/approve",
    method: "POST",
    path: `/api/posts/${postId}/approve`,
    valid: {},
  },
  {
    name: "PUT /api/templates/:name",
    method: "PUT",
    path: "/api/templates/posts%2Fen%2Facquisition-featured",
    valid: { body: "Halo {{x}}" },
  },
  {
    name: "POST /api/tokens",
    method: "POST",
    path: "/api/tokens",
    valid: { name: "fuzz", role: "viewer" },
  },
];

describe("random bodies on every write route", () => {
  for (const route of routes()) {
    it(`${route.name}: never a 5xx, and a rejected request writes nothing`, async () => {
      const current = routes().find((r) => r.name === route.name) ?? route;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { arbitrary: fc.anything(), weight: 1 },
            { arbitrary: mutated(current.valid), weight: 4 },
          ),
          async (body) => {
            const before = await fingerprint(t);
            const res = await t.request(current.method, current.path, { body });
            const text = await res.text();
            expect(res.status, text).toBeLessThan(500);
            if (res.status >= 400) {
              expect(JSON.parse(text).error.code, text).toEqual(expect.any(String));
              expect(await fingerprint(t), `${res.status} ${text}`).toBe(before);
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  }
});

/** Cursors a client could forge: base64url of any JSON, including near-miss dates and ids. */
const forgedCursor = fc
  .oneof(
    fc.anything(),
    fc.tuple(
      fc.oneof(
        fc.string(),
        fc.constantFrom(
          "2026-02-30T00:00:00.000Z",
          "0000-01-01",
          "2026-02-30",
          "9999-12-31T23:59:59.999Z",
          "2026-12-06T01:00:00.000Z",
          "2026-12-06",
        ),
      ),
      fc.oneof(fc.uuid(), fc.string()),
    ),
  )
  .map((value) => Buffer.from(JSON.stringify(value) ?? "").toString("base64url"));

describe("random query strings on every list route", () => {
  for (const path of ["/api/events", "/api/acquisitions", "/api/posts", "/api/audit"]) {
    it(`${path}: never a 5xx`, async () => {
      const param = fc.constantFrom(
        "from",
        "to",
        "kind",
        "status",
        "audience",
        "q",
        "limit",
        "cursor",
        "subject",
        "featured",
        "channel",
        "entityId",
      );
      const value = fc.oneof(
        forgedCursor,
        fc.string(),
        fc.constantFrom("", "0", "-1", "1e9", "%00", "2026-13-45", "W10=", "scheduled,nope"),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(param, value), { maxLength: 4 }), async (pairs) => {
          const query = new URLSearchParams(pairs).toString();
          const res = await t.request("GET", `${path}?${query}`, { as: "admin" });
          expect(res.status, `${query}: ${await res.clone().text()}`).toBeLessThan(500);
        }),
        { numRuns: 80 },
      );
    });
  }
});
