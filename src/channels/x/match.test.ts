import { describe, expect, it } from "vitest";
import { findPostedParts, sameText, type TimelinePost } from "./match.js";

const post = (id: string, text: string, repliedTo?: string): TimelinePost => ({
  id,
  text,
  repliedTo,
});

describe("sameText", () => {
  it("matches X's rendering of a part: escaped entities, t.co links, a trailing media link", () => {
    expect(sameText("Buku &amp; kopi &lt;3", "Buku & kopi <3")).toBe(true);
    expect(
      sameText(
        "Daftar: https://t.co/AbC123 sekarang (1/2) https://t.co/media9",
        "Daftar: https://perpustakaan.manadokota.go.id/daftar sekarang (1/2)",
      ),
    ).toBe(true);
    expect(sameText("Daftar sekarang (1/2)", "Daftar sekarang (2/2)")).toBe(false);
  });

  it("a part that is only links must match exactly", () => {
    expect(sameText("https://t.co/xyz", "https://perpustakaan.manadokota.go.id")).toBe(false);
    expect(
      sameText("https://perpustakaan.manadokota.go.id", "https://perpustakaan.manadokota.go.id"),
    ).toBe(true);
  });
});

describe("findPostedParts", () => {
  const parts = ["satu (1/3)", "dua (2/3)", "tiga (3/3)"];

  it("follows replies from the first part, stopping at the first gap", () => {
    const timeline = [
      post("13", "tiga (3/3)", "99"),
      post("12", "dua (2/3)", "11"),
      post("11", "satu (1/3)"),
    ];
    expect(findPostedParts(timeline, parts, [])).toEqual(["11", "12"]);
    expect(findPostedParts(timeline, parts, ["11"])).toEqual(["12"]);
    expect(findPostedParts(timeline, parts, ["11", "12", "13"])).toEqual([]);
  });

  it("does not take a reply as the first part, nor a part that replies elsewhere", () => {
    const timeline = [post("21", "dua (2/3)", "5"), post("20", "satu (1/3)", "4")];
    expect(findPostedParts(timeline, parts, [])).toEqual([]);
    expect(findPostedParts(timeline, parts, ["7"])).toEqual([]);
  });

  it("of two first parts, prefers the one with the longer thread behind it", () => {
    const timeline = [
      post("32", "satu (1/3)"),
      post("31", "dua (2/3)", "30"),
      post("30", "satu (1/3)"),
    ];
    expect(findPostedParts(timeline, parts, [])).toEqual(["30", "31"]);
  });
});
