import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runTs } from "../support/process.js";

/**
 * `npm run import` as staff run it: a calendar file twice (updated, not duplicated), a catalogue
 * CSV with bad rows (all or nothing refuses and says why, good_rows takes the good ones), and
 * usage mistakes answered with a message. On embedded PGlite in a fresh data directory.
 */
describe.skipIf(process.env.TEST_DATABASE_URL)("npm run import", () => {
  const env = {
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "warta-import-")),
    SEED_DEMO: "0",
    DATABASE_URL: "",
  };
  const run = (...args: string[]) => runTs("src/cli/import.ts", args, env);

  it("imports a calendar once and updates it the second time", async () => {
    const first = await run("events", "src/sources/fixtures/library-calendar.ics");
    expect(first.output).toMatch(/Events: [1-9]\d* created, 0 updated/);
    expect(first.code).toBe(0);
    const again = await run("events", "src/sources/fixtures/library-calendar.ics");
    expect(again.output).toMatch(/Events: 0 created, 0 updated, [1-9]\d* unchanged/);
  }, 120_000);

  it("refuses a catalogue file with bad rows unless told to take the good ones", async () => {
    const file = "test/fixtures/imports/slims-export.csv";
    const strict = await run("acquisitions", file);
    expect(strict.code).toBe(1);
    expect(strict.output).toContain("NOT written");
    expect(strict.output).toMatch(/line 3: ISBN .* wrong check digit/);
    const lenient = await run("acquisitions", file, "--mode", "good_rows");
    expect(lenient.code).toBe(0);
    expect(lenient.output).toMatch(/[1-9] created/);
  }, 120_000);

  it("names the problem with the command line", async () => {
    expect(await run("acquisitions", "no/such/file.mrc")).toMatchObject({
      code: 2,
      output: expect.stringContaining("no such file"),
    });
    expect(await run("books", "x")).toMatchObject({
      code: 2,
      output: expect.stringContaining("Usage"),
    });
    expect(
      await run("acquisitions", "test/fixtures/imports/slims-export.csv", "--mode", "some"),
    ).toMatchObject({
      code: 2,
      output: expect.stringContaining("--mode must be"),
    });
  }, 60_000);
});
