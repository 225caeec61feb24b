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
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
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
});

export type Locale = "id" | "en";

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicBaseUrl: string;
  libraryName: string;
  timeZone: string;
  defaultLocale: Locale;
  adminToken: string | undefined;
  seedDemo: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  templatesDir: string;
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
    const secret = name === "WARTA_ADMIN_TOKEN" || name === "DATABASE_URL";
    const shown = present[name] === undefined || secret ? "" : ` (got "${present[name]}")`;
    throw new ConfigError(`Invalid ${name}${shown}: ${issue?.message ?? "invalid value"}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    libraryName: e.LIBRARY_NAME,
    timeZone: e.LIBRARY_TIMEZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    adminToken: e.WARTA_ADMIN_TOKEN,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    templatesDir: e.TEMPLATES_DIR,
  };
}
