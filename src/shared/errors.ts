/** Every error a client can see, with its HTTP status. One place maps them: http/errors.ts. */
export const errorStatus = {
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  duplicate: 409,
  version_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  content_problems: 422,
  precondition_required: 428,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }
}

export const notFound = (what: string, id: string) =>
  new AppError("not_found", `${what} ${id} does not exist`);

export const invalid = (message: string, issues: FieldIssue[]) =>
  new AppError("validation_failed", message, { issues });

/** The innermost cause's message: drizzle wraps driver errors in "Failed query: …". */
export function rootCause(err: unknown): string {
  let e: unknown = err;
  while (e && typeof e === "object" && "cause" in e && (e as { cause?: unknown }).cause) {
    e = (e as { cause: unknown }).cause;
  }
  return e instanceof Error ? e.message : String(e);
}
