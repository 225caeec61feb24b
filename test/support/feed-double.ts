import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** What the double answers on one path. */
export type FeedAnswer =
  | {
      kind: "body";
      body: string | Buffer;
      status?: number;
      contentType?: string;
      /** Sent as ETag; a request with a matching If-None-Match gets 304. */
      etag?: string;
      lastModified?: string;
    }
  /** `bytes` of calendar-looking text, streamed in 64 KB chunks as fast as the client reads. */
  | { kind: "stream"; bytes: number; declareLength?: boolean }
  /** Headers sent, then nothing more: a server that stalls. */
  | { kind: "stall" }
  | { kind: "redirect"; location: string };

export interface FeedDouble {
  url(path: string): string;
  answer(path: string, answer: FeedAnswer): void;
  /** Every request, in order. */
  requests: { path: string; headers: IncomingHttpHeaders }[];
  /** The next request to `path` has its connection dropped before any answer. */
  dropNext(path: string): void;
  /** Bytes a stream answer got out before the client hung up (or all of them). */
  streamed(path: string): number;
  close(): Promise<void>;
}

/**
 * A local HTTP server standing in for a calendar host (Google Calendar, a library's website):
 * serves real .ics text with validators, and misbehaves on request (huge, stalled, redirected).
 */
export async function startFeedDouble(): Promise<FeedDouble> {
  const answers = new Map<string, FeedAnswer>();
  const streamed = new Map<string, number>();
  const requests: FeedDouble["requests"] = [];
  const drops = new Set<string>();
  const server = createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({ path, headers: req.headers });
    if (drops.delete(path)) {
      req.socket.destroy();
      return;
    }
    const answer = answers.get(path);
    if (!answer) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      return;
    }
    if (answer.kind === "redirect") {
      res.writeHead(302, { location: answer.location }).end();
    } else if (answer.kind === "stall") {
      res.writeHead(200, { "content-type": "text/calendar" });
      res.write("BEGIN:VCALENDAR\r\n");
    } else if (answer.kind === "stream") {
      stream(res, answer, (bytes) => streamed.set(path, bytes));
    } else if (answer.etag && req.headers["if-none-match"] === answer.etag) {
      res.writeHead(304, { etag: answer.etag }).end();
    } else {
      res.writeHead(answer.status ?? 200, {
        "content-type": answer.contentType ?? "text/calendar; charset=utf-8",
        ...(answer.etag ? { etag: answer.etag } : {}),
        ...(answer.lastModified ? { "last-modified": answer.lastModified } : {}),
      });
      res.end(answer.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    answer: (path, answer) => answers.set(path, answer),
    dropNext: (path) => drops.add(path),
    requests,
    streamed: (path) => streamed.get(path) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const LINE = "DESCRIPTION:Lorem ipsum dolor sit amet, perpustakaan kota manado.\r\n";

function stream(
  res: import("node:http").ServerResponse,
  answer: { bytes: number; declareLength?: boolean },
  report: (bytes: number) => void,
) {
  res.writeHead(200, {
    "content-type": "text/calendar",
    ...(answer.declareLength ? { "content-length": String(answer.bytes) } : {}),
  });
  const chunk = Buffer.from(LINE.repeat(Math.ceil(65_536 / LINE.length)));
  let sent = 0;
  let closed = false;
  res.on("close", () => {
    closed = true;
    report(sent);
  });
  const pump = () => {
    while (!closed && sent < answer.bytes) {
      const part = chunk.subarray(0, Math.min(chunk.length, answer.bytes - sent));
      sent += part.length;
      if (!res.write(part)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!closed) res.end();
  };
  res.write("BEGIN:VCALENDAR\r\n");
  pump();
}
