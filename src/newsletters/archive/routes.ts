import { Hono, type MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import { systemActor } from "../../auth/actor.js";
import type { Locale } from "../../config.js";
import type { Deps } from "../../deps.js";
import type { AppEnv } from "../../http/env.js";
import { personalize, prepareEdition } from "../edition.js";
import { archiveFeed } from "./feed.js";
import { archivePage, notFoundPage, sampleLinkPage } from "./pages.js";
import { sentIssue, sentIssues } from "./queries.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Public pages cache for a few minutes; the ETag lets a reader revalidate for nothing. */
const publicCaching: MiddlewareHandler = async (c, next) => {
  await next();
  if (c.res.status === 200 || c.res.status === 304) {
    c.res.headers.set("Cache-Control", "public, max-age=300");
  }
};

const localeOf = (lang: string | undefined, deps: Deps): Locale =>
  lang === "id" || lang === "en" ? lang : deps.config.defaultLocale;

const readerCtx = (deps: Deps) => ({
  db: deps.db,
  clock: deps.clock,
  config: deps.config,
  templateFiles: deps.templateFiles,
  actor: systemActor,
});

/**
 * The public archive: sent issues as web pages and as an RSS feed, for anyone, with no login and
 * nothing about recipients. Anything not sent is a 404.
 */
export const archiveRoutes = new Hono<AppEnv>()
  // Also matches /newsletters itself.
  .use("/newsletters/*", publicCaching, etag())
  .get("/newsletters", async (c) => {
    const deps = c.get("deps");
    const locale = localeOf(c.req.query("lang"), deps);
    return c.html(archivePage(deps.config, locale, await sentIssues(deps.db)));
  })
  .get("/newsletters/feed.rss", async (c) => {
    const deps = c.get("deps");
    const locale = localeOf(c.req.query("lang"), deps);
    return c.body(archiveFeed(deps.config, locale, await sentIssues(deps.db)), 200, {
      "content-type": "application/rss+xml; charset=utf-8",
    });
  })
  .get("/newsletters/sample-link", (c) => {
    const deps = c.get("deps");
    const locale = localeOf(c.req.query("lang"), deps);
    const link = c.req.query("link") === "unsubscribe" ? "unsubscribe" : "preferences";
    return c.html(sampleLinkPage(deps.config, locale, link));
  })
  .get("/newsletters/:id", async (c) => {
    const deps = c.get("deps");
    const locale = localeOf(c.req.query("lang"), deps);
    const id = c.req.param("id");
    const issue = UUID.test(id) ? await sentIssue(deps.db, id) : undefined;
    if (!issue) return c.html(notFoundPage(deps.config, locale), 404);
    const other = locale === "id" ? "en" : "id";
    const edition = await prepareEdition(readerCtx(deps), deps.renderer, issue, locale, {
      archiveUrl: `/newsletters?lang=${locale}`,
      feedUrl: `/newsletters/feed.rss?lang=${locale}`,
      otherLanguageUrl: `/newsletters/${issue.id}?lang=${other}`,
    });
    // Every section, and no recipient links: the web version has none to fill in.
    const whole = personalize(edition, {
      topics: edition.topics,
      links: { preferences: "", unsubscribe: "" },
    });
    return c.html(whole?.html ?? edition.html);
  });
