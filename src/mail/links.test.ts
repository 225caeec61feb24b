import { describe, expect, it } from "vitest";
import { createLinkSigner } from "./links.js";

const id = "0b9a4b2e-6a1f-4c1e-9a52-3f6a2d1c7e80";

describe("signed patron links", () => {
  const signer = createLinkSigner("a secret that is long enough for the tests here");

  it("round-trips a subscriber id for the purpose it was signed for", () => {
    const token = signer.sign("manage", id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(signer.verify("manage", token)).toBe(id);
  });

  it("keeps accepting the links already in patrons' mailboxes", () => {
    // Tokens as the signer wrote them before it moved from WebCrypto to node:crypto.
    expect(signer.verify("manage", "C5pLLmofTB6aUj9qLRx-gA.F9GQ9aaMJx1GepRVB96sAQ")).toBe(id);
    expect(signer.sign("confirm", id)).toBe("C5pLLmofTB6aUj9qLRx-gA.huOggN0ALIhQsrqo_MGr9w");
  });

  it("refuses a token signed for another purpose, a tampered one, and one from another key", () => {
    const token = signer.sign("confirm", id);
    expect(signer.verify("manage", token)).toBeNull();
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(signer.verify("confirm", tampered)).toBeNull();
    const other = createLinkSigner("another secret, also long enough for the tests");
    expect(other.verify("confirm", token)).toBeNull();
    expect(signer.verify("confirm", "not-a-token")).toBeNull();
  });
});
