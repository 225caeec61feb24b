import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, expectJson, type TestApp } from "../../test/support/app.js";
import { createFakeX, FAKE_X_CREDENTIALS, type FakeX } from "../../test/support/fake-x/index.js";
import { runTs } from "../../test/support/process.js";
import { deliveries } from "../db/schema/index.js";
import { systemClock } from "../shared/clock.js";

// Real lock contention needs a real server: PGlite is one connection, so claims never compete.
describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "two scheduler processes on one Postgres server",
  () => {
    let t: TestApp;
    let fake: FakeX;
    const count = 200;

    beforeAll(async () => {
      fake = await createFakeX();
      // The tick processes read the real clock: the posts are due now, in real time.
      t = await createTestApp({ now: systemClock.now().toISOString() });
      for (let i = 0; i < count; i++) {
        const post = await expectJson(
          t.request("POST", "/api/posts", {
            as: "editor",
            body: { body: `Pengumuman nomor ${i + 1}`, channels: ["x"] },
          }),
          201,
        );
        await expectJson(
          t.request("POST", `/api/posts/${post.id}/approve`, {
            as: "publisher",
            headers: { "if-match": '"1"' },
          }),
          200,
        );
      }
    });
    afterAll(() => fake.close());

    it("publishes each of 200 due posts exactly once", async () => {
      const env = {
        DATABASE_URL: t.database.url ?? "",
        X_API_KEY: FAKE_X_CREDENTIALS.appKey,
        X_API_SECRET: FAKE_X_CREDENTIALS.appSecret,
        X_ACCESS_TOKEN: FAKE_X_CREDENTIALS.accessToken,
        X_ACCESS_SECRET: FAKE_X_CREDENTIALS.accessSecret,
        X_API_BASE_URL: fake.url,
        SEED_DEMO: "0",
      };
      const [a, b] = await Promise.all([
        runTs("src/cli/tick.ts", [], env),
        runTs("src/cli/tick.ts", [], env),
      ]);
      expect(a.code, a.output).toBe(0);
      expect(b.code, b.output).toBe(0);

      const texts = fake.posts.map((p) => p.text);
      expect(texts).toHaveLength(count);
      expect(new Set(texts).size).toBe(count);
      const rows = await t.database.db
        .select()
        .from(deliveries)
        .where(inArray(deliveries.status, ["sent"]));
      expect(rows).toHaveLength(count);
      expect(rows.every((row) => row.attempts === 1)).toBe(true);
      // Between them, the two processes attempted each post exactly once.
      const attempted = (output: string) => Number(/"attempted": (\d+)/.exec(output)?.[1]);
      expect(attempted(a.output) + attempted(b.output)).toBe(count);
    });
  },
);
