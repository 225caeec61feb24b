import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../../src/app.js";
import type { Actor } from "../../src/auth/actor.js";
import { createToken } from "../../src/auth/service.js";
import { nodeDeps } from "../../src/bootstrap.js";
import { createXChannel } from "../../src/channels/x/index.js";
import { type Config, loadConfig } from "../../src/config.js";
import type { Role } from "../../src/db/schema/enums.js";
import type { Deps } from "../../src/deps.js";
import { createLinkSigner } from "../../src/mail/links.js";
import type { Mailer } from "../../src/mail/mailer.js";
import { createPreviewMailer } from "../../src/mail/preview.js";
import { fixedClock } from "../../src/shared/clock.js";
import type { Ctx } from "../../src/shared/context.js";
import { silentLogger } from "../../src/shared/logger.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

export type Tokens = Record<Role, string>;

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: Deps;
  database: TestDatabase;
  clock: ReturnType<typeof fixedClock>;
  tokens: Tokens;
  /** Acting as Warta itself, for factories. */
  ctx: Ctx;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Where the preview mailer writes .eml files (unused when a test brings its own mailer). */
  mailDir: string;
}

export interface RequestOptions {
  token?: string | null;
  as?: Role;
  body?: unknown;
  /** A raw body, sent as is (for malformed JSON and oversized bodies). */
  raw?: string;
  headers?: Record<string, string>;
}

/** Requests come as through one proxy, which names the client in X-Forwarded-For (`browser`). */
export const testConfig = (overrides: Partial<Config> = {}): Config => ({
  ...loadConfig({ LOG_LEVEL: "silent", TRUSTED_PROXIES: "1" }),
  ...overrides,
});

/**
 * The real app on a fresh database, with one token per role and a clock tests move by hand.
 * Closes itself after the file's tests.
 */
export async function createTestApp(
  options: {
    now?: string;
    channels?: Deps["channels"];
    config?: Partial<Config>;
    /** Default: preview mode into a temporary directory (`mailDir`). */
    mailer?: Mailer;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = fixedClock(options.now ?? "2026-12-01T00:00:00Z");
  const config = testConfig(options.config);
  const mailDir = mkdtempSync(path.join(tmpdir(), "warta-mail-"));
  const deps = nodeDeps({
    db: database.db,
    clock,
    config,
    logger: silentLogger,
    // Preview mode unless a test brings its own (an X channel pointed at the fake X API).
    channels: options.channels ?? {
      x: createXChannel({ previewDir: mkdtempSync(path.join(tmpdir(), "warta-outbox-")) }),
    },
    mailer: options.mailer ?? createPreviewMailer({ dir: mailDir, from: config.mail.from }),
    links: createLinkSigner("test link secret, long enough to be a real one"),
  });
  const system: Actor = { tokenId: null, name: "test", role: "admin" };
  const ctx: Ctx = { db: deps.db, clock, config, actor: system, templateFiles: deps.templateFiles };
  const tokens = {} as Tokens;
  for (const role of ["viewer", "editor", "publisher", "admin"] as const) {
    tokens[role] = (await createToken({ ctx, input: { name: `${role} token`, role } })).token;
  }
  const app = createApp(deps);

  const request = (method: string, path: string, opts: RequestOptions = {}) => {
    const token = opts.token === undefined ? tokens[opts.as ?? "admin"] : opts.token;
    const headers: Record<string, string> = { ...opts.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    return Promise.resolve(
      app.request(path, { method, headers, ...(body === undefined ? {} : { body }) }),
    );
  };
  return { app, deps, database, clock, tokens, ctx, request, mailDir };
}

/** Parses a JSON answer and checks its status in one step, with the body in the failure. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export async function expectJson<T = any>(
  response: Response | Promise<Response>,
  status: number,
): Promise<T> {
  const res = await response;
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected HTTP ${status}, got ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}
