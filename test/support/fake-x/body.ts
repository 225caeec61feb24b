import type { IncomingMessage } from "node:http";

/** A parsed request body: JSON as is, form fields as strings, multipart files as Buffers. */
export type ParsedBody = unknown;

export class BodyError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function parseBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length === 0) return undefined;
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/json")) {
    try {
      return JSON.parse(raw.toString("utf8"));
    } catch {
      throw new BodyError("The request body is not valid JSON.");
    }
  }
  if (type.startsWith("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  if (type.startsWith("multipart/form-data") && boundary) {
    return parseMultipart(raw, boundary[1] ?? boundary[2] ?? "");
  }
  return raw;
}

/**
 * A small binary-safe multipart reader. Not `Response.formData()`: twitter-api-v2 sends the media
 * chunk with no filename, which WHATWG parsing turns into a UTF-8 string and corrupts the bytes.
 * A part with `Content-Type: application/octet-stream` (how the library marks a Buffer) stays a
 * Buffer; every other part becomes a string.
 */
function parseMultipart(raw: Buffer, boundary: string): Record<string, string | Buffer> {
  const fields: Record<string, string | Buffer> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === "--") break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (name !== undefined) {
      const binary = /content-type:\s*application\/octet-stream/i.test(headers);
      fields[name] = binary ? Buffer.from(content) : content.toString("utf8");
    }
    start = next;
  }
  return fields;
}
