import type { IncomingHttpHeaders } from "node:http";
import type { FaultKind, FaultOptions } from "./faults.js";
import type { LimitsConfig } from "./limits.js";
import type { OAuthParams, XCredentials } from "./oauth.js";
import type { RouteKey } from "./routes.js";
import type { FAKE_X_USER, FakePost } from "./state.js";

export interface FakeXOptions {
  /** The fake's clock for created_at and rate-limit resets (default: the real time). */
  now?: () => Date;
  /** When set, every OAuth 1.0a signature must verify against these, or X's 401 comes back. */
  credentials?: XCredentials;
  /** Per-endpoint limits; see limits.ts for the defaults. */
  limits?: LimitsConfig;
}

export interface RecordedRequest {
  method: string;
  path: string;
  route: RouteKey | null;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The decoded `Authorization: OAuth ...` parameters, or null when absent or not OAuth. */
  oauth: OAuthParams | null;
  /** JSON as parsed; multipart as { field: string | Buffer }; form fields as strings. */
  body: unknown;
  fault: FaultKind | null;
  /** The status answered, or null for a hung or dropped request. */
  status: number | null;
}

export interface FakeMediaView {
  media_type: string;
  media_category: string | undefined;
  state: "uploading" | "processing" | "succeeded";
  bytes: Buffer;
}

export interface FakeX {
  url: string;
  user: typeof FAKE_X_USER;
  requests: RecordedRequest[];
  /** The account's live posts, oldest first. */
  readonly posts: readonly FakePost[];
  readonly deletedPosts: readonly FakePost[];
  media(id: string): FakeMediaView | undefined;
  requestsTo(route: RouteKey): RecordedRequest[];
  /** Scripts the next matching request(s) to fail the way X fails. */
  failNext(kind: FaultKind, options?: FaultOptions): void;
  readonly pendingFaults: number;
  close(): Promise<void>;
}
