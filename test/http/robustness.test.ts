import { beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../support/app.js";
import { acquisitionInput, eventInput } from "../support/factories.js";
import { fingerprint } from "../support/fingerprint.js";

let t: TestApp;
let eventId: string;
let postId: string;

beforeAll(async () => {
  t = await createTestApp();
  eventId = (await expectJson(t.request("POST", "/api/events", { body: eventInput() }), 201)).id;
  postId = (
    await expectJson(
      t.request("POST", "/api/posts", { body: { body: "Halo Manado", channels: ["x"] } }),
      201,
    )
  ).id;
});

const writeRoutes = () => [
  { method: "POST", path: "/api/events" },
  { method: "PATCH", path: `/api/events/${eventId}` },
  { method: "POST", path: "/api/acquisitions" },
  { method: "POST", path: "/api/posts" },
  { method: "PATCH", path: `/api/posts/${postId}` },
  { method: "PUT", path: "/api/templates/posts%2Fid%2Facquisition-featured" },
  { method: "POST", path: "/api/tokens" },
];

describe("bad requests change nothing", () => {
  it("answers 400 invalid_json to malformed JSON on every write route", async () => {
    const before = await fingerprint(t);
    for (const route of writeRoutes()) {
      const res = await t.request(route.method, route.path, {
        raw: '{"title": "tanpa penutup"',
        headers: { "content-type": "application/json" },
      });
      const body = await expectJson(res, 400);
      expect(body.error.code, `${route.method} ${route.path}`).toBe("invalid_json");
    }
    expect(await fingerprint(t)).toBe(before);
  });

  it("answers 413 to a body over 1 MB", async () => {
    const before = await fingerprint(t);
    const body = await expectJson(
      t.request("POST", "/api/events", {
        body: eventInput({ description: "x".repeat(1_100_000) }),
      }),
      413,
    );
    expect(body.error.code).toBe("payload_too_large");
    expect(await fingerprint(t)).toBe(before);
  });

  it("answers 415 to a body that is not JSON", async () => {
    const body = await expectJson(
      t.request("POST", "/api/events", {
        raw: "title=x",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      415,
    );
    expect(body.error.code).toBe("unsupported_media_type");
  });

  it("names every wrong field with its path", async () => {
    const body = await expectJson(
      t.request("POST", "/api/events", {
        body: eventInput({ title: 42, capacity: -1, startsAt: "besok", colour: "merah" }),
      }),
      400,
    );
    const paths = body.error.details.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(["body.capacity", "body.colour", "body.startsAt", "body.title"]);
  });

  it("refuses NUL characters instead of failing in the database", async () => {
    const body = await expectJson(
      t.request("POST", "/api/events", { body: eventInput({ title: "a\u0000b" }) }),
      400,
    );
    expect(body.error.details.issues[0].path).toBe("body.title");
  });

  it("answers 404 in the error shape to unknown routes", async () => {
    const body = await expectJson(t.request("GET", "/api/nothing-here"), 404);
    expect(body.error.code).toBe("not_found");
  });

  it("keeps acquisitions valid end to end", async () => {
    await expectJson(t.request("POST", "/api/acquisitions", { body: acquisitionInput() }), 201);
  });
});
