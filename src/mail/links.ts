/**
 * Signed patron links (confirm, preferences, unsubscribe). A token names a subscriber and what
 * the link may do, with an HMAC over both: unguessable, and valid as long as the subscriber
 * exists, so an unsubscribe link in a years-old email still works. WebCrypto only, so the same
 * code runs on Workers.
 */
export const linkPurposes = ["confirm", "manage"] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

export interface LinkSigner {
  sign(purpose: LinkPurpose, subscriberId: string): Promise<string>;
  /** The subscriber id, or null for a token that is malformed, forged or for another purpose. */
  verify(purpose: LinkPurpose, token: string): Promise<string | null>;
}

const encoder = new TextEncoder();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 128 bits of HMAC-SHA-256 are plenty against guessing and keep links short. */
const SIGNATURE_BYTES = 16;

export function createLinkSigner(secret: string): LinkSigner {
  const key = crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = async (purpose: LinkPurpose, idPart: string) => {
    const mac = await crypto.subtle.sign("HMAC", await key, encoder.encode(`${purpose}:${idPart}`));
    return toBase64Url(new Uint8Array(mac).subarray(0, SIGNATURE_BYTES));
  };
  return {
    async sign(purpose, subscriberId) {
      if (!UUID.test(subscriberId)) throw new Error(`Not a subscriber id: ${subscriberId}`);
      const idPart = toBase64Url(uuidBytes(subscriberId));
      return `${idPart}.${await signature(purpose, idPart)}`;
    },
    async verify(purpose, token) {
      const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/.exec(token);
      if (!match) return null;
      const [, idPart = "", given = ""] = match;
      const expected = await signature(purpose, idPart);
      if (!constantTimeEqual(given, expected)) return null;
      return uuidFromBytes(fromBase64Url(idPart));
    },
  };
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replaceAll("-", "");
  return Uint8Array.from({ length: 16 }, (_, i) =>
    Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16),
  );
}

function uuidFromBytes(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
