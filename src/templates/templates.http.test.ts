import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { nodeTemplateFiles } from "./node-files.js";
import { checkTemplateSyntax } from "./syntax.js";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});

/** Template names travel as one path segment, slashes URL-encoded. */
const url = (name: string) => `/api/templates/${encodeURIComponent(name)}`;
const shipped = (name: string) => readFileSync(path.join("templates", `${name}.hbs`), "utf8");

const put = (name: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.request("PUT", url(name), { as: "publisher", body, headers });

describe("listing templates", () => {
  it("lists the shipped file templates with hasFile true and no override", async () => {
    const list = await expectJson(t.request("GET", "/api/templates", { as: "viewer" }), 200);
    const names = list.items.map((item: { name: string }) => item.name);
    expect(names).toEqual(
      expect.arrayContaining(["posts/id/event-announcement", "posts/en/event-announcement"]),
    );
    expect(list.items).toContainEqual({
      name: "posts/id/event-announcement",
      hasFile: true,
      override: null,
    });
    expect(list.items).toContainEqual({
      name: "posts/en/event-announcement",
      hasFile: true,
      override: null,
    });
    expect([...names].sort()).toEqual(names);
  });

  it("reads a file template with the file as what renders", async () => {
    const template = await expectJson(
      t.request("GET", url("posts/en/event-today"), { as: "viewer" }),
      200,
    );
    expect(template).toEqual({
      name: "posts/en/event-today",
      file: shipped("posts/en/event-today"),
      override: null,
      effective: shipped("posts/en/event-today"),
    });
  });

  it("answers 404 for a template that has neither a file nor an override", async () => {
    const body = await expectJson(t.request("GET", url("posts/id/tidak-ada")), 404);
    expect(body.error.code).toBe("not_found");
  });
});

describe("overriding a template", () => {
  const name = "posts/id/event-reminder";

  it("stores an override that wins over the file, and guards later writes by version", async () => {
    t.clock.set("2026-12-01T08:00:00Z");
    const first = await expectJson(
      t.request("PUT", "/api/templates/posts%2Fid%2Fevent-reminder", {
        as: "publisher",
        body: { body: "⏰ Besok: {{event.title}}!" },
      }),
      200,
    );
    expect(first).toEqual({
      name,
      file: shipped(name),
      override: {
        body: "⏰ Besok: {{event.title}}!",
        version: 1,
        updatedAt: "2026-12-01T08:00:00.000Z",
      },
      effective: "⏰ Besok: {{event.title}}!",
    });
    const read = await expectJson(t.request("GET", url(name), { as: "viewer" }), 200);
    expect(read).toEqual(first);
    const list = await expectJson(t.request("GET", "/api/templates"), 200);
    expect(list.items).toContainEqual({
      name,
      hasFile: true,
      override: { version: 1, updatedAt: "2026-12-01T08:00:00.000Z" },
    });

    const missing = await expectJson(put(name, { body: "Tanpa versi" }), 428);
    expect(missing.error.code).toBe("precondition_required");
    const stale = await expectJson(put(name, { body: "Versi basi" }, { "if-match": '"7"' }), 409);
    expect(stale.error.code).toBe("version_conflict");
    const staleBody = await expectJson(put(name, { body: "Versi basi", version: 3 }), 409);
    expect(staleBody.error.code).toBe("version_conflict");
    expect((await expectJson(t.request("GET", url(name)), 200)).effective).toBe(
      "⏰ Besok: {{event.title}}!",
    );

    t.clock.advance(60_000);
    const second = await expectJson(
      put(name, { body: "Besok ya: {{event.title}}" }, { "if-match": '"1"' }),
      200,
    );
    expect(second.override).toEqual({
      body: "Besok ya: {{event.title}}",
      version: 2,
      updatedAt: "2026-12-01T08:01:00.000Z",
    });
    expect(second.effective).toBe("Besok ya: {{event.title}}");

    const third = await expectJson(
      put(name, { body: "Sampai besok: {{event.title}}", version: 2 }),
      200,
    );
    expect(third.override.version).toBe(3);
    expect(third.effective).toBe("Sampai besok: {{event.title}}");
  });

  it("lets only one of two simultaneous first overrides win; the other is told to send a version", async () => {
    const target = "posts/en/event-reminder";
    const answers = await Promise.all([
      put(target, { body: "Satu {{a}}" }),
      put(target, { body: "Dua {{b}}" }),
    ]);
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 428]);
    const current = await expectJson(t.request("GET", url(target)), 200);
    expect(current.override.version).toBe(1);
    expect(["Satu {{a}}", "Dua {{b}}"]).toContain(current.effective);
  });
});

describe("templates that do not compile", () => {
  it("answers 400 pointing at line 2 for an #if that is never closed, and stores nothing", async () => {
    const name = "posts/id/event-today";
    const body = await expectJson(put(name, { body: "Halo\n{{#if x}} belum ditutup" }), 400);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.details.issues[0]).toMatchObject({ path: "body.body", line: 2, column: 24 });
    expect(body.error.message).toContain("line 2");
    const template = await expectJson(t.request("GET", url(name)), 200);
    expect(template.override).toBeNull();
    expect(template.effective).toBe(shipped(name));
  });

  it("answers 400 at line 1 column 11 for a hash argument without a value", async () => {
    const body = await expectJson(
      put("posts/en/event-announcement", { body: "{{foo bar=}}" }),
      400,
    );
    expect(body.error.details.issues[0]).toMatchObject({ line: 1, column: 11 });
    const template = await expectJson(t.request("GET", url("posts/en/event-announcement")), 200);
    expect(template.override).toBeNull();
  });

  it("does not replace a working override with a broken one, whatever the version", async () => {
    const name = "posts/en/acquisition-featured";
    await expectJson(put(name, { body: "New: {{book.title}}" }), 200);
    await expectJson(put(name, { body: "New: {{book.title", version: 1 }), 400);
    const template = await expectJson(t.request("GET", url(name)), 200);
    expect(template.override).toMatchObject({ body: "New: {{book.title}}", version: 1 });
  });
});

describe("who may change templates, and which names exist", () => {
  it("refuses an editor's PUT and DELETE with 403 and stores nothing", async () => {
    const name = "posts/id/acquisitions-roundup";
    const res = await expectJson(
      t.request("PUT", url(name), { as: "editor", body: { body: "Buku baru!" } }),
      403,
    );
    expect(res.error.code).toBe("forbidden");
    expect((await expectJson(t.request("GET", url(name)), 200)).override).toBeNull();
    await expectJson(put(name, { body: "Buku baru minggu ini" }), 200);
    await expectJson(t.request("DELETE", url(name), { as: "editor" }), 403);
    expect((await expectJson(t.request("GET", url(name)), 200)).override).not.toBeNull();
  });

  it.each([
    "../etc/passwd",
    "posts/id/../../x",
    "posts/id/../../package",
    "posts/%2E%2E/secret",
    "posts/id/event-reminder.hbs",
    "posts\\id\\event-reminder",
    "posts",
    "/posts/id/event-reminder",
  ])("answers 400 to the name %j for every verb and stores nothing", async (name) => {
    for (const [method, as, body] of [
      ["GET", "viewer", undefined],
      ["PUT", "publisher", { body: "pwned" }],
      ["DELETE", "publisher", undefined],
    ] as const) {
      const res = await expectJson(t.request(method, url(name), { as, body }), 400);
      expect(res.error.details.issues[0].path).toBe("param.name");
    }
    const list = await expectJson(t.request("GET", "/api/templates"), 200);
    expect(
      list.items.every((item: { name: string }) => /^[a-z]+(\/[a-z0-9_-]+)+$/.test(item.name)),
    ).toBe(true);
  });

  it("never answers with a file outside templates/ for a literal ../ path", async () => {
    const res = await t.request("GET", "/api/templates/../../package.json", { as: "viewer" });
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain("devDependencies");
  });
});

describe("overriding only what ships", () => {
  it("answers 404 to an override for a template that has no file (a typo, most likely)", async () => {
    const body = await expectJson(put("posts/id/event-anouncement", { body: "Halo" }), 404);
    expect(body.error.code).toBe("not_found");
    await expectJson(t.request("GET", "/api/templates/posts%2Fid%2Fevent-anouncement"), 404);
  });
});

describe("removing an override", () => {
  it("brings back the file template", async () => {
    const name = "posts/en/acquisitions-roundup";
    await expectJson(put(name, { body: "Override {{x}}" }), 200);
    const removed = await expectJson(t.request("DELETE", url(name), { as: "publisher" }), 200);
    expect(removed).toEqual({
      name,
      file: shipped(name),
      override: null,
      effective: shipped(name),
    });
    expect(await expectJson(t.request("GET", url(name)), 200)).toEqual(removed);
    const list = await expectJson(t.request("GET", "/api/templates"), 200);
    expect(list.items).toContainEqual({ name, hasFile: true, override: null });
  });

  it("starts again at version 1 after removal, without asking for a version", async () => {
    const name = "posts/id/acquisition-featured";
    await expectJson(put(name, { body: "A {{x}}" }), 200);
    await expectJson(t.request("DELETE", url(name), { as: "publisher" }), 200);
    const again = await expectJson(put(name, { body: "B {{x}}" }), 200);
    expect(again.override).toMatchObject({ body: "B {{x}}", version: 1 });
  });

  it("answers 404 when there is no override to remove", async () => {
    const body = await expectJson(
      t.request("DELETE", url("posts/id/event-announcement"), { as: "publisher" }),
      404,
    );
    expect(body.error.code).toBe("not_found");
  });
});

describe("checkTemplateSyntax", () => {
  it("accepts templates that compile", () => {
    expect(checkTemplateSyntax("Halo {{nama}}\n{{#if x}}ya{{else}}tidak{{/if}}")).toBeNull();
    expect(checkTemplateSyntax(shipped("posts/id/event-announcement"))).toBeNull();
  });

  it.each([
    ["an unclosed block", "Halo\n{{#if x}} belum ditutup", 2, 24],
    ["a hash argument without a value", "{{foo bar=}}", 1, 11],
    ["a hash argument without a value on line 3", "a\n\n  {{foo bar=}}", 3, 13],
    ["a mustache cut off at the end", "Halo {{nama}}\nSalam {{", 2, 9],
    ["an unclosed comment", "abc\ndef {{!-- x", 2, 5],
    ["a stray quote", "Halo {{nama}}\nSalam {{'a}}", 2, 9],
    ["a second else", "{{#if a}}{{else}}{{else}}{{/if}}", 1, 18],
  ])("reports the line and column of %s", (_what, source, line, column) => {
    const error = checkTemplateSyntax(source);
    expect(error).not.toBeNull();
    expect({ line: error?.line, column: error?.column }).toEqual({ line, column });
    expect(error?.message).not.toMatch(/^Parse error/);
    expect(error?.message).not.toContain("\n");
  });

  it("names the mismatched blocks when a block closes with the wrong name", () => {
    const error = checkTemplateSyntax("{{#each buku}}\n{{judul}}\n{{/if}}");
    expect(error?.message).toBe("each doesn't match if");
    expect(error?.line).toBe(1);
  });

  it("describes an unexpected end in words, not parser token names", () => {
    const error = checkTemplateSyntax("{{#if x}}");
    expect(error?.message).toMatch(/^found the end of the template, expected /);
    expect(error?.message).not.toContain("EOF");
  });
});

describe("nodeTemplateFiles", () => {
  let root: string;
  let files: ReturnType<typeof nodeTemplateFiles>;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), "warta-templates-"));
    mkdirSync(path.join(root, "templates", "posts", "id"), { recursive: true });
    mkdirSync(path.join(root, "templates-evil"), { recursive: true });
    writeFileSync(path.join(root, "templates", "posts", "id", "hello.hbs"), "Halo {{nama}}");
    writeFileSync(path.join(root, "templates", "posts", "id", "notes.txt"), "bukan template");
    writeFileSync(path.join(root, "secret.hbs"), "rahasia");
    writeFileSync(path.join(root, "templates-evil", "x.hbs"), "rahasia juga");
    files = nodeTemplateFiles(path.join(root, "templates"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("lists .hbs files by slash-separated name without extension", async () => {
    expect(await files.list()).toEqual(["posts/id/hello"]);
    expect(await files.read("posts/id/hello")).toBe("Halo {{nama}}");
  });

  it.each([
    "../secret",
    "posts/../../secret",
    "posts/id/../../../secret",
    "../templates-evil/x",
    "/secret",
  ])("reads nothing outside its root for %j", async (name) => {
    expect(await files.read(name)).toBeNull();
  });

  it("answers null for a template that does not exist", async () => {
    expect(await files.read("posts/id/tidak-ada")).toBeNull();
  });
});
