import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeedDouble, startFeedDouble } from "../../test/support/feed-double.js";
import { FeedError } from "./errors.js";
import { createSafeFetch, fetchFeedText } from "./fetch.js";

let feed: FeedDouble;
beforeAll(async () => {
  feed = await startFeedDouble();
});
afterAll(() => feed.close());

const safeFetch = createSafeFetch({ userAgent: "Warta/0.1 (+http://test; Perpustakaan Uji)" });
const noValidators = { etag: null, lastModified: null };
const host = () => new URL(feed.url("/")).host;

/** The FeedError a fetch fails with (the test fails if it does not). */
async function failure(work: Promise<unknown>): Promise<FeedError> {
  const err = await work.then(
    () => new Error("expected the fetch to fail"),
    (e: unknown) => e,
  );
  if (!(err instanceof FeedError)) throw err;
  return err;
}

describe("fetching outside sources safely", () => {
  it("refuses every scheme but http and https, naming it, before any request", async () => {
    const before = feed.requests.length;
    const file = await failure(safeFetch("file:///etc/passwd"));
    expect(file.message).toBe('Only http and https can be fetched; this URL uses "file:"');
    expect(file.status).toBe(422);
    const ftp = await failure(safeFetch("ftp://ftp.example.org/kalender.ics"));
    expect(ftp.message).toContain('"ftp:"');
    expect(feed.requests.length).toBe(before);
  });

  it("follows http redirects but not one to another scheme", async () => {
    feed.answer("/lama.ics", { kind: "redirect", location: "/baru.ics" });
    feed.answer("/baru.ics", { kind: "body", body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" });
    const res = await safeFetch(feed.url("/lama.ics"));
    expect(await res.text()).toBe("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

    feed.answer("/jebakan.ics", { kind: "redirect", location: "file:///etc/passwd" });
    const err = await failure(safeFetch(feed.url("/jebakan.ics")));
    expect(err.message).toBe(
      'Only http and https can be fetched; the redirect target uses "file:"',
    );
  });

  it("says who is asking", async () => {
    feed.answer("/ua.ics", { kind: "body", body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" });
    await safeFetch(feed.url("/ua.ics"));
    expect(feed.requests.at(-1)?.headers["user-agent"]).toBe(
      "Warta/0.1 (+http://test; Perpustakaan Uji)",
    );
  });

  it("stops reading a 50 MB answer at the 10 MB cap", async () => {
    feed.answer("/raksasa.ics", { kind: "stream", bytes: 50 * 1024 * 1024 });
    const err = await failure(safeFetch(feed.url("/raksasa.ics")));
    expect(err.message).toMatch(/larger than 10 MB; Warta stops reading there$/);
    expect(err.status).toBe(422);
    // The double saw the connection close long before it could send it all.
    await expect.poll(() => feed.streamed("/raksasa.ics")).toBeGreaterThan(0);
    expect(feed.streamed("/raksasa.ics")).toBeLessThan(25 * 1024 * 1024);
  });

  it("refuses a declared length over the cap without reading the body", async () => {
    feed.answer("/besar.ics", { kind: "stream", bytes: 50 * 1024 * 1024, declareLength: true });
    const err = await failure(safeFetch(feed.url("/besar.ics")));
    expect(err.message).toMatch(/larger than 10 MB/);
  });

  it("gives up on a server that stalls, within the deadline", async () => {
    feed.answer("/lambat.ics", { kind: "stall" });
    const quick = createSafeFetch({ userAgent: "Warta/0.1", timeoutMs: 300 });
    const err = await failure(quick(feed.url("/lambat.ics")));
    expect(err.message).toBe(`${host()} did not answer in full within 0.3 s`);
    expect(err.status).toBe(502);
  });

  it("asks conditionally and reads 304 as nothing changed", async () => {
    feed.answer("/etag.ics", {
      kind: "body",
      body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
      etag: '"rev-7"',
      lastModified: "Wed, 30 Sep 2026 10:00:00 GMT",
    });
    const first = await fetchFeedText(safeFetch, feed.url("/etag.ics"), noValidators);
    expect(first).toMatchObject({
      notModified: false,
      validators: { etag: '"rev-7"', lastModified: "Wed, 30 Sep 2026 10:00:00 GMT" },
    });
    const again = await fetchFeedText(safeFetch, feed.url("/etag.ics"), {
      etag: '"rev-7"',
      lastModified: "Wed, 30 Sep 2026 10:00:00 GMT",
    });
    expect(again).toEqual({ notModified: true });
    expect(feed.requests.at(-1)?.headers).toMatchObject({
      "if-none-match": '"rev-7"',
      "if-modified-since": "Wed, 30 Sep 2026 10:00:00 GMT",
    });
  });

  it("reads an error status as the other server's failure", async () => {
    const err = await failure(fetchFeedText(safeFetch, feed.url("/tidak-ada.ics"), noValidators));
    expect(err.message).toBe(`${host()} answered HTTP 404 Not Found`);
    expect(err.status).toBe(502);
  });

  it("tries once more when a connection drops before any answer", async () => {
    feed.answer("/putus.ics", { kind: "body", body: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" });
    feed.dropNext("/putus.ics");
    const res = await safeFetch(feed.url("/putus.ics"));
    expect(res.status).toBe(200);
    expect(feed.requests.filter((r) => r.path === "/putus.ics")).toHaveLength(2);
  });

  it("names an unreachable host", async () => {
    const err = await failure(safeFetch("http://127.0.0.1:1/kalender.ics"));
    expect(err.message).toMatch(/^Could not fetch from 127\.0\.0\.1:1: /);
    expect(err.status).toBe(502);
  });
});
