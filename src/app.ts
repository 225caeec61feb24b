import { OpenAPIHono } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { acquisitionRoutes } from "./acquisitions/routes.js";
import { auditRoutes } from "./audit/routes.js";
import { tokenRoutes } from "./auth/routes.js";
import { deliveryRoutes } from "./deliveries/routes.js";
import type { Deps } from "./deps.js";
import { eventRoutes } from "./events/routes.js";
import { feedRoutes } from "./feeds/routes.js";
import { authenticateRequest } from "./http/auth.js";
import { docsPage, type OpenApiDoc } from "./http/docs.js";
import type { AppEnv } from "./http/env.js";
import { errorBody, handleError, validationHook } from "./http/errors.js";
import { importRoutes, MAX_IMPORT_BYTES } from "./imports/routes.js";
import { archiveRoutes } from "./newsletters/archive/routes.js";
import { newsletterRoutes } from "./newsletters/routes.js";
import { sendingRoutes } from "./newsletters/send/routes.js";
import { postRoutes } from "./posts/routes.js";
import { previewRoutes } from "./preview/routes.js";
import { publicRoutes } from "./public/routes.js";
import { ruleRoutes } from "./rules/routes.js";
import { sourceRoutes } from "./sources/routes.js";
import { subscriberPages } from "./subscribers/public-routes.js";
import { subscriberRoutes } from "./subscribers/routes.js";
import { templateRoutes } from "./templates/routes.js";

const MAX_BODY_BYTES = 1024 * 1024;

/** The whole HTTP surface. Imports nothing runtime-specific: Node and Workers entries both use it. */
export function createApp(deps: Deps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use("*", secureHeaders());
  app.onError(handleError);
  app.notFound((c) =>
    c.json(errorBody("not_found", `There is no ${c.req.method} ${c.req.path}`), 404),
  );

  app.get("/", (c) =>
    c.json({
      name: "Warta",
      library: deps.config.libraryName,
      docs: "/docs",
      openapi: "/openapi.json",
      subscribe: "/subscribe",
      newsletters: "/newsletters",
      feeds: ["/feeds/events.ics", "/feeds/events.rss", "/feeds/acquisitions.rss"],
    }),
  );
  app.get("/healthz", async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
      return c.json({ status: "ok", database: "ok" });
    } catch (err) {
      deps.logger.error("health check failed", { err: String(err) });
      return c.json({ status: "unavailable", database: "unreachable" }, 503);
    }
  });

  // The patrons' pages: no API token, their own small body limit.
  app.route("/", subscriberPages(deps));
  app.route("/", archiveRoutes);
  // Public feeds and JSON for calendars, feed readers, the app and the website: no sign-in.
  app.route("/", feedRoutes);
  app.route("/", publicRoutes);

  // 1 MB for JSON; catalogue files up to 50 MB on /api/imports/* only.
  const jsonLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => c.json(errorBody("payload_too_large", "The body is over 1 MB"), 413),
  });
  const importLimit = bodyLimit({
    maxSize: MAX_IMPORT_BYTES,
    onError: (c) => c.json(errorBody("payload_too_large", "The file is over 50 MB"), 413),
  });
  // Only requests that may carry a body: asking a GET for its body costs every read a copy of
  // the request (node-server builds the full Request object on that first touch).
  app.use("/api/*", (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    return (c.req.path.startsWith("/api/imports/") ? importLimit : jsonLimit)(c, next);
  });
  app.use("/api/*", authenticateRequest);
  app.route("/api", eventRoutes);
  app.route("/api", acquisitionRoutes);
  app.route("/api", postRoutes);
  app.route("/api", deliveryRoutes);
  app.route("/api", ruleRoutes);
  app.route("/api", previewRoutes);
  app.route("/api", templateRoutes);
  app.route("/api", tokenRoutes);
  app.route("/api", auditRoutes);
  app.route("/api", sourceRoutes);
  app.route("/api", subscriberRoutes);
  app.route("/api", newsletterRoutes);
  app.route("/api", sendingRoutes);
  app.route("/api", importRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description:
      "An API token. Roles: viewer (read), editor (write drafts), publisher (approve and schedule), admin (tokens, audit).",
  });
  const docConfig = {
    openapi: "3.1.0",
    info: {
      title: "Warta",
      version: "0.1.0",
      description: `Outreach automation for ${deps.config.libraryName}: events, literacy sessions, new acquisitions and the posts made from them. Errors always have the shape { "error": { "code", "message", "details"? } }.`,
    },
  };
  app.doc31("/openapi.json", docConfig);
  app.get("/docs", (c) =>
    docsPage(c, app.getOpenAPI31Document(docConfig) as unknown as OpenApiDoc),
  );

  return app;
}

export type App = ReturnType<typeof createApp>;
