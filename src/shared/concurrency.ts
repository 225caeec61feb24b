import { AppError } from "./errors.js";

/** ETags are the record's version: `"3"`. Weak or strong, quoted or not, we read the number. */
export const etagOf = (version: number) => `"${version}"`;

export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw new AppError("validation_failed", `If-Match must be the ETag you read, such as "3"`, {
      issues: [{ path: "header.if-match", message: "not a version ETag" }],
    });
  }
  return Number(match[1]);
}

/** The version a client says it read: If-Match or a body field; both must agree if both are sent. */
export function sentVersion(
  ifMatch: number | undefined,
  bodyVersion: number | undefined,
): number | undefined {
  if (ifMatch !== undefined && bodyVersion !== undefined && ifMatch !== bodyVersion) {
    throw new AppError(
      "validation_failed",
      `If-Match says version ${ifMatch} but the body says ${bodyVersion}`,
      {
        issues: [{ path: "body.version", message: "must match If-Match" }],
      },
    );
  }
  return ifMatch ?? bodyVersion;
}

/** Two people editing one record must not overwrite each other: demand the version they read. */
export function requireVersion(ifMatch: number | undefined, bodyVersion?: number): number {
  const expected = sentVersion(ifMatch, bodyVersion);
  if (expected === undefined) {
    throw new AppError(
      "precondition_required",
      "Send the version you are editing: an If-Match header with the ETag, or a version field",
    );
  }
  return expected;
}

export function assertVersion(kind: string, id: string, current: number, expected: number): void {
  if (current !== expected) {
    throw new AppError(
      "version_conflict",
      `${kind} ${id} was changed by someone else (now version ${current}, you sent ${expected}); reload it and apply your change again`,
      { currentVersion: current },
    );
  }
}
