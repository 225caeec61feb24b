import { parse } from "csv-parse/sync";
import type { Locale } from "../config.js";
import { topics } from "../db/schema/enums.js";
import type { Ctx } from "../shared/context.js";
import { isDate } from "../shared/cursor.js";
import { AppError } from "../shared/errors.js";
import { zonedInstant } from "../shared/time.js";
import { isEmailAddress } from "./email-address.js";
import type { Topic } from "./wording.js";

const COLUMNS = [
  "email",
  "name",
  "locale",
  "topics",
  "consented_at",
  "consent_method",
  "consent_wording",
] as const;
const CONSENT_COLUMNS = ["consented_at", "consent_method", "consent_wording"] as const;
const MAX_ISSUES_SHOWN = 100;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

export interface ImportRow {
  line: number;
  email: string;
  name: string | null;
  locale: Locale;
  topics: Topic[];
  consent: { at: Date; method: string; wording: string } | null;
}

interface ImportIssue {
  path: string;
  line: number;
  column: string;
  message: string;
}

/**
 * Reads and checks every row of an import. Any problem anywhere throws one validation error
 * listing them all by line (the first 100), so a file is imported whole or not at all.
 */
export function readRows(csv: string, ctx: Ctx): { rows: ImportRow[]; ignoredColumns: string[] } {
  let header: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (names: string[]) => {
        header = names.map((name) => name.trim().toLowerCase());
        return header;
      },
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    });
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    const line = typeof e.lines === "number" ? e.lines : 1;
    throw failed([{ path: `line ${line}`, line, column: "", message: String(e.message) }]);
  }
  const missing = ["email", "topics"].filter((name) => !header.includes(name));
  if (header.length === 0 || missing.length > 0) {
    throw new AppError(
      "validation_failed",
      `The first line must name the columns; email and topics are required (missing: ${missing.join(", ")}). Known columns: ${COLUMNS.join(", ")}`,
      { issues: [{ path: "line 1", line: 1, column: "", message: "header row" }] },
    );
  }
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const { record, info } of records) {
    const problems: ImportIssue[] = [];
    const row = readRow(record, info.lines, ctx, (column, message) =>
      problems.push({ path: `line ${info.lines}: ${column}`, line: info.lines, column, message }),
    );
    if (row && seen.has(row.email)) {
      problems.push({
        path: `line ${info.lines}: email`,
        line: info.lines,
        column: "email",
        message: `the same address is already on line ${seen.get(row.email)}`,
      });
    }
    issues.push(...problems);
    if (row && problems.length === 0) {
      seen.set(row.email, row.line);
      rows.push(row);
    }
  }
  if (issues.length > 0) throw failed(issues);
  return {
    rows,
    ignoredColumns: header.filter((name) => !(COLUMNS as readonly string[]).includes(name)),
  };
}

function failed(issues: ImportIssue[]) {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new AppError(
    "validation_failed",
    `Nothing was imported: ${first?.path} ${first?.message}${more}`,
    { issues: issues.slice(0, MAX_ISSUES_SHOWN), total: issues.length },
  );
}

function readRow(
  record: Record<string, string>,
  line: number,
  ctx: Ctx,
  problem: (column: string, message: string) => void,
): ImportRow | null {
  const value = (column: string) => record[column] ?? "";
  const email = value("email").toLowerCase();
  if (email.length > 254 || !isEmailAddress(email)) problem("email", "is not an email address");
  const name = value("name") || null;
  if (name && (name.length > 100 || /\p{Cc}/u.test(name))) {
    problem("name", "must be at most 100 characters, without control characters");
  }
  const locale = (value("locale").toLowerCase() || ctx.config.defaultLocale) as Locale;
  if (locale !== "id" && locale !== "en") problem("locale", "must be id or en");
  const listed = value("topics")
    .split(/[;|]/)
    .map((topic) => topic.trim())
    .filter(Boolean);
  const unknown = listed.filter((topic) => !(topics as readonly string[]).includes(topic));
  if (listed.length === 0) problem("topics", `name at least one of ${topics.join(", ")}`);
  if (unknown.length > 0) {
    problem(
      "topics",
      `unknown topic ${unknown.join(", ")}; use ${topics.join(", ")} (separated by ; or |)`,
    );
  }
  const consent = readConsent(
    value("consented_at"),
    value("consent_method"),
    value("consent_wording"),
    ctx,
    problem,
  );
  return {
    line,
    email,
    name,
    locale,
    topics: topics.filter((topic) => listed.includes(topic)),
    consent,
  };
}

/** Evidence counts only when whole: when, how, and the words the person agreed to. */
function readConsent(
  at: string,
  method: string,
  wording: string,
  ctx: Ctx,
  problem: (column: string, message: string) => void,
): ImportRow["consent"] {
  if (!at && !method && !wording) return null;
  const given = { consented_at: at, consent_method: method, consent_wording: wording };
  const absent = CONSENT_COLUMNS.filter((column) => !given[column]);
  if (absent.length > 0) {
    problem(absent[0] ?? "", `recorded consent needs all of ${CONSENT_COLUMNS.join(", ")}`);
    return null;
  }
  const when = isDate(at)
    ? zonedInstant(at, "00:00", ctx.config.timeZone)
    : DATE_TIME.test(at) && isDate(at.slice(0, 10))
      ? new Date(at)
      : null;
  if (!when || Number.isNaN(when.getTime()) || when.getUTCFullYear() < 1990) {
    problem("consented_at", "must be a date (2024-05-01) or a date-time with offset");
  } else if (when > ctx.clock.now()) {
    problem("consented_at", "is in the future");
  }
  if (method.length > 200) problem("consent_method", "must be at most 200 characters");
  if (wording.length > 5000) problem("consent_wording", "must be at most 5000 characters");
  return when ? { at: when, method, wording } : null;
}
