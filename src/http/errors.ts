import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import { AppError, type ErrorCode, type FieldIssue } from "../shared/errors.js";
import type { AppEnv } from "./env.js";

export function errorBody(code: ErrorCode, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** Enough to fix a request; never an answer larger than the request that caused it. */
const MAX_ISSUES = 20;

export function fieldIssues(error: ZodError, target: string): FieldIssue[] {
  return error.issues.slice(0, MAX_ISSUES).flatMap((issue) => {
    const path = [target, ...issue.path.map(String)];
    // Name each unknown field at its own path, so clients see exactly what to remove.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.slice(0, MAX_ISSUES).map((key) => ({
        path: [...path, key].join("."),
        message: "is not a known field",
      }));
    }
    return [{ path: path.join("."), message: issue.message }];
  });
}

/** The zod-openapi hook: every validation failure becomes our 400 with field paths. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
) {
  if (!result.success) {
    const issues = fieldIssues(
      result.error,
      result.target === "json" ? "body" : result.target,
    ).slice(0, MAX_ISSUES);
    const first = issues[0];
    const summary = first ? `${first.path}: ${first.message}` : "the request is not valid";
    throw new AppError("validation_failed", `Invalid request: ${summary}`, { issues });
  }
}

/** The one place that turns errors into HTTP answers. No input may produce a 500. */
export function handleError(err: Error, c: Context<AppEnv>) {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), err.status);
  }
  if (err instanceof HTTPException) {
    const mapped = mapHttpException(err);
    return c.json(errorBody(mapped.code, mapped.message), mapped.status);
  }
  c.get("deps")?.logger.error("unhandled error", {
    err: describe(err),
    path: c.req.path,
  });
  return c.json(errorBody("internal", "Something went wrong on our side; it has been logged"), 500);
}

function mapHttpException(err: HTTPException): {
  code: ErrorCode;
  message: string;
  status: 400 | 413 | 415;
} {
  if (err.status === 413) return { code: "payload_too_large", message: err.message, status: 413 };
  if (err.status === 415) {
    return {
      code: "unsupported_media_type",
      message: "Send the body as JSON with Content-Type: application/json",
      status: 415,
    };
  }
  if (/json/i.test(err.message)) {
    return { code: "invalid_json", message: "The body is not valid JSON", status: 400 };
  }
  return { code: "validation_failed", message: err.message, status: 400 };
}

/** The error with its causes (drizzle wraps the driver's error, which says what really failed). */
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    parts.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  return parts.join("\ncaused by: ");
}
