/**
 * Just enough of RFC 5322 / MIME to read an "unsubscribe" email as mail programs send them: the
 * Subject (unfolded, RFC 2047 encoded words decoded) and the first line of the text body
 * (multipart walked, base64 and quoted-printable decoded). No dependency: this runs in the MTA's
 * pipe for every message.
 */
export interface InboundMessage {
  subject: string;
  firstLine: string;
}

interface Entity {
  headers: Map<string, string>;
  body: string;
}

export function readInboundMessage(raw: string): InboundMessage {
  const message = entity(raw.replace(/\r\n?/g, "\n"));
  const subject = decodeWords(message.headers.get("subject") ?? "");
  const text = textBody(message, 0) ?? "";
  const firstLine = text.split("\n").find((line) => line.trim() !== "") ?? "";
  return { subject: subject.trim(), firstLine: firstLine.trim() };
}

function entity(text: string): Entity {
  const split = text.indexOf("\n\n");
  const head = split === -1 ? text : text.slice(0, split);
  const body = split === -1 ? "" : text.slice(split + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The first text/plain part (or, failing that, the first text part), decoded. */
function textBody(part: Entity, depth: number): string | null {
  const type = part.headers.get("content-type") ?? "text/plain";
  if (/^multipart\//i.test(type)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary || depth > 5) return null;
    const parts = part.body
      .split(`--${boundary}`)
      .slice(1)
      .filter((chunk) => !chunk.startsWith("--"))
      .map((chunk) => entity(chunk.replace(/^\n/, "")));
    const plain = parts.find((p) =>
      /^text\/plain/i.test(p.headers.get("content-type") ?? "text/plain"),
    );
    for (const candidate of plain ? [plain, ...parts] : parts) {
      const text = textBody(candidate, depth + 1);
      if (text !== null) return text;
    }
    return null;
  }
  if (!/^text\//i.test(type)) return null;
  const encoding = (part.headers.get("content-transfer-encoding") ?? "").toLowerCase();
  const charset = /charset="?([^";\s]+)"?/i.exec(type)?.[1] ?? "utf-8";
  if (encoding === "base64") return decodeBytes(base64Bytes(part.body), charset);
  if (encoding === "quoted-printable") return decodeBytes(quotedPrintableBytes(part.body), charset);
  return part.body;
}

/** RFC 2047: =?charset?B?…?= and =?charset?Q?…?=; blanks between two encoded words vanish. */
function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bq]\?[^?]*\?=)\s+(?==\?)/gi, "$1")
    .replace(
      /=\?([^?*]+)(?:\*[^?]*)?\?([bq])\?([^?]*)\?=/gi,
      (_, charset: string, kind: string, text: string) =>
        kind.toLowerCase() === "b"
          ? decodeBytes(base64Bytes(text), charset)
          : decodeBytes(quotedPrintableBytes(text.replaceAll("_", " ")), charset),
    );
}

function base64Bytes(text: string): Uint8Array {
  try {
    return Uint8Array.from(atob(text.replace(/[^A-Za-z0-9+/=]/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return new Uint8Array();
  }
}

function quotedPrintableBytes(text: string): Uint8Array {
  const joined = text.replace(/=\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...new TextEncoder().encode(joined[i]));
    }
  }
  return Uint8Array.from(bytes);
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
