import { validate as isCronExpression } from "node-cron";
import { z } from "zod";

/** The only reader of the environment. A bad value stops start-up with one line naming it. */
const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((value) => value === "1" || value === "true" || value === "yes");

const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not an IANA time zone such as Asia/Makassar" },
);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  HTTP_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  LIBRARY_NAME: z.string().min(1).default("Perpustakaan Kota Manado"),
  LIBRARY_TIMEZONE: timeZone.default("Asia/Makassar"),
  DEFAULT_LOCALE: z.enum(["id", "en"]).default("id"),
  WARTA_ADMIN_TOKEN: z
    .string()
    .min(24, "must be at least 24 characters (use a long random string)")
    .optional(),
  SEED_DEMO: booleanFlag.default(true),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  TEMPLATES_DIR: z.string().min(1).default("./templates"),
  TICK_CRON: z
    .string()
    .refine((expression) => isCronExpression(expression), {
      message: "is not a cron expression (5 or 6 fields, seconds allowed), e.g. * * * * *",
    })
    .default("* * * * *"),
  MAX_LATENESS_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(360),
  LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  X_DAILY_CAP: z.coerce.number().int().min(1).max(100_000).optional(),
  X_API_KEY: z.string().min(1).optional(),
  X_API_SECRET: z.string().min(1).optional(),
  X_ACCESS_TOKEN: z.string().min(1).optional(),
  X_ACCESS_SECRET: z.string().min(1).optional(),
  X_API_BASE_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
    .default("https://api.x.com"),
  X_LINK_POLICY: z.enum(["keep", "reply", "drop"]).default("keep"),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" })
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100),
  MAIL_RATE_PER_HOUR: z.coerce.number().int().min(1).max(10_000_000).optional(),
  MAIL_CONNECTIONS: z.coerce.number().int().min(1).max(64).default(4),
  LINK_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (use a long random string)")
    .optional(),
});

const xCredentialNames = [
  "X_API_KEY",
  "X_API_SECRET",
  "X_ACCESS_TOKEN",
  "X_ACCESS_SECRET",
] as const;
const secretNames = new Set<string>([
  "WARTA_ADMIN_TOKEN",
  "DATABASE_URL",
  "SMTP_URL",
  "LINK_SECRET",
  ...xCredentialNames,
]);

export type Locale = "id" | "en";

export interface Config {
  port: number;
  host: string;
  /** Processes serving HTTP (Postgres server only); the first also runs the scheduler and sender. */
  httpWorkers: number;
  /**
   * Reverse proxies in front of Warta that each append the address they saw to X-Forwarded-For.
   * 0: clients reach Warta directly, and the header (anyone can send one) is ignored.
   */
  trustedProxies: number;
  databaseUrl: string | undefined;
  /** Connections to the Postgres server per process: a few per core serve best. */
  databasePoolSize: number;
  dataDir: string;
  publicBaseUrl: string;
  libraryName: string;
  timeZone: string;
  defaultLocale: Locale;
  adminToken: string | undefined;
  seedDemo: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  templatesDir: string;
  /** When the scheduler ticks, in the library's time zone (node-cron; seconds allowed). */
  tickCron: string;
  /** An item this much later than scheduled is marked missed, never sent blindly. */
  maxLatenessMs: number;
  /** How long a claimed row is a worker's; past it, a dead worker's row is reconciled. */
  leaseMs: number;
  x: {
    /** OAuth 1.0a user context; null: the X channel runs in preview mode. */
    credentials: {
      appKey: string;
      appSecret: string;
      accessToken: string;
      accessSecret: string;
    } | null;
    apiBaseUrl: string;
    linkPolicy: "keep" | "reply" | "drop";
    /** Posts per library-local day (X plans cap them); over it, posts wait for the next day. */
    dailyCap: number | null;
  };
  mail: {
    /** null: preview mode, each message written as an .eml file under DATA_DIR/outbox/mail/. */
    smtpUrl: string | null;
    /** The From header, e.g. "Perpustakaan Kota Manado" <warta@perpustakaan.example>. */
    from: string;
    /** The domain of Message-IDs, List-Id and the mailto unsubscribe address. */
    domain: string;
    perSecond: number;
    perHour: number | null;
    /** Parallel SMTP connections of the one pooled transport. */
    connections: number;
    /** Signs patron links; unset: one is generated once and kept in the database. */
    linkSecret: string | undefined;
  };
}

export class ConfigError extends Error {}

/** Empty strings count as unset, as they do in most .env files. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    const secret = secretNames.has(name);
    const shown = present[name] === undefined || secret ? "" : ` (got "${present[name]}")`;
    throw new ConfigError(`Invalid ${name}${shown}: ${issue?.message ?? "invalid value"}`);
  }
  const e = parsed.data;
  const given = xCredentialNames.filter((name) => e[name] !== undefined);
  if (given.length > 0 && given.length < xCredentialNames.length) {
    const missing = xCredentialNames.filter((name) => e[name] === undefined);
    throw new ConfigError(
      `Invalid X credentials: set all four or none (missing ${missing.join(", ")})`,
    );
  }
  if (e.HTTP_WORKERS > 1 && !e.DATABASE_URL) {
    throw new ConfigError(
      `Invalid HTTP_WORKERS (got "${e.HTTP_WORKERS}"): more than 1 needs DATABASE_URL (the embedded database belongs to one process)`,
    );
  }
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const from = e.MAIL_FROM ?? `"${e.LIBRARY_NAME}" <warta@${new URL(publicBaseUrl).hostname}>`;
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1];
  if (!domain) {
    throw new ConfigError(
      `Invalid MAIL_FROM (got "${from}"): must contain an address with a domain`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    httpWorkers: e.HTTP_WORKERS,
    trustedProxies: e.TRUSTED_PROXIES,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    publicBaseUrl,
    libraryName: e.LIBRARY_NAME,
    timeZone: e.LIBRARY_TIMEZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    adminToken: e.WARTA_ADMIN_TOKEN,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    templatesDir: e.TEMPLATES_DIR,
    tickCron: e.TICK_CRON,
    maxLatenessMs: e.MAX_LATENESS_MINUTES * 60_000,
    leaseMs: e.LEASE_SECONDS * 1000,
    x: {
      credentials:
        e.X_API_KEY && e.X_API_SECRET && e.X_ACCESS_TOKEN && e.X_ACCESS_SECRET
          ? {
              appKey: e.X_API_KEY,
              appSecret: e.X_API_SECRET,
              accessToken: e.X_ACCESS_TOKEN,
              accessSecret: e.X_ACCESS_SECRET,
            }
          : null,
      apiBaseUrl: e.X_API_BASE_URL.replace(/\/+$/, ""),
      linkPolicy: e.X_LINK_POLICY,
      dailyCap: e.X_DAILY_CAP ?? null,
    },
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from,
      domain: domain.toLowerCase(),
      perSecond: e.MAIL_RATE_PER_SECOND,
      perHour: e.MAIL_RATE_PER_HOUR ?? null,
      connections: e.MAIL_CONNECTIONS,
      linkSecret: e.LINK_SECRET,
    },
  };
}
