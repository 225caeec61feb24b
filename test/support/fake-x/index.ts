import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { BodyError, parseBody, readBody } from "./body.js";
import { type FaultAction, FaultScript, faultAction } from "./faults.js";
import { RateLimiter } from "./limits.js";
import { uploadedBytes } from "./media.js";
import { isWellFormed, parseOAuthHeader, verifySignature } from "./oauth.js";
import {
  type Answer,
  invalidRequest,
  noSuchRoute,
  tooManyRequests,
  unauthorized,
} from "./problems.js";
import { matchRoute, type RouteMatch } from "./routes.js";
import { FAKE_X_USER, FakeXState, Refusal } from "./state.js";
import type { FakeX, FakeXOptions, RecordedRequest } from "./types.js";

export { FAKE_X_CREDENTIALS, redirectPlugin, type XClientOptions, xClientFor } from "./client.js";
export type { FaultKind, FaultOptions } from "./faults.js";
export type { LimitsConfig } from "./limits.js";
export type { XCredentials } from "./oauth.js";
export { DUPLICATE_DETAIL } from "./problems.js";
export type { RouteKey } from "./routes.js";
export { FAKE_X_USER, type FakePost } from "./state.js";
export type { FakeMediaView, FakeX, FakeXOptions, RecordedRequest } from "./types.js";

export async function createFakeX(options: FakeXOptions = {}): Promise<FakeX> {
  const clock = options.now ?? (() => new Date());
  const state = new FakeXState(clock);
  const faults = new FaultScript();
  const limiter = new RateLimiter(options.limits);
  const requests: RecordedRequest[] = [];

  /** X's own answer: authentication, then rate limits, then the endpoint. */
  function respond(match: RouteMatch | null, record: RecordedRequest, host: string): Answer {
    if (!match) return noSuchRoute(record.method, record.path);
    const oauth = record.oauth;
    if (!oauth || !isWellFormed(oauth)) return unauthorized();
    if (options.credentials) {
      const signed = verifySignature({
        params: oauth,
        credentials: options.credentials,
        method: record.method,
        baseUrls: [`https://api.x.com${record.path}`, `http://${host}${record.path}`],
        query: record.query,
        formBody: isForm(record.headers) ? (record.body as Record<string, string>) : undefined,
      });
      if (!signed) return unauthorized();
    }
    const now = clock();
    const { headers, exceeded } = limiter.consume(match.key, seconds(now));
    if (exceeded) return { ...tooManyRequests(), headers };
    try {
      const ctx = { state, params: match.params, query: record.query, body: record.body, now };
      return { ...match.handle(ctx), headers };
    } catch (error) {
      if (error instanceof Refusal) return { ...error.answer, headers };
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake-x.invalid");
    const method = req.method ?? "GET";
    const raw = await readBody(req);
    const match = matchRoute(method, url.pathname);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      route: match?.key ?? null,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      oauth: parseOAuthHeader(req.headers.authorization),
      body: undefined,
      fault: null,
      status: null,
    };
    requests.push(record);
    const fault = faults.take(record.route);
    record.fault = fault?.kind ?? null;
    const limit = match ? limiter.configFor(match.key).limit : 0;
    const act = (action: FaultAction) => perform(action, req, res, record);
    if (fault && !fault.afterCommit) return act(faultAction(fault, seconds(clock()), limit));
    let answer: Answer;
    try {
      record.body = parseBody(req.headers["content-type"], raw);
      answer = respond(match, record, req.headers.host ?? "");
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      answer = invalidRequest(error.message);
    }
    if (fault) return act(faultAction(fault, seconds(clock()), limit));
    send(res, record, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the double, not an X behaviour: say so loudly in the answer.
      const detail = error instanceof Error ? error.stack : String(error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fake-x internal error: ${detail}`);
    });
  });
  // X's edge keeps idle connections open far longer than Node's 5-second default. A double that
  // closed them sooner would race the client reusing a socket under load (ECONNRESET): real, and
  // handled (the row becomes unknown and is reconciled), but not what most tests are about.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    user: FAKE_X_USER,
    requests,
    get posts() {
      return state.posts;
    },
    get deletedPosts() {
      return state.deletedPosts;
    },
    media(id) {
      const found = state.media.get(id);
      if (!found) return undefined;
      const { media_type, media_category, state: status } = found;
      return { media_type, media_category, state: status, bytes: uploadedBytes(found) };
    },
    requestsTo: (route) => requests.filter((r) => r.route === route),
    failNext: (kind, faultOptions) => faults.add(kind, faultOptions),
    get pendingFaults() {
      return faults.pending;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Hung requests hold their sockets open; closing them is what ends a "hang".
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function perform(
  action: FaultAction,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
) {
  if ("answer" in action) return send(res, record, action.answer);
  if ("drop" in action) req.socket.destroy();
  // "hang": never answer; close() ends the connection.
}

function send(res: ServerResponse, record: RecordedRequest, answer: Answer): void {
  record.status = answer.status;
  res.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    ...answer.headers,
  });
  res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const isForm = (headers: IncomingHttpHeaders) =>
  (headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
