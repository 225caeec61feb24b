import { describe, expect, it } from "vitest";
import { planPosts, removeUrls } from "./plan.js";
import { splitIntoThread } from "./thread.js";

describe("removeUrls", () => {
  it.each([
    ["Daftar di https://a.id/x sekarang", "Daftar di sekarang"],
    ["Info (https://a.id/x) ya", "Info ya"],
    ["Lihat https://a.id/x.", "Lihat."],
    ["Kunjungi https://a.id https://b.id sekarang", "Kunjungi sekarang"],
    ["Tautan:\nhttps://a.id\n\nSampai jumpa", "Tautan:\n\nSampai jumpa"],
    ["perpustakaan.manadokota.go.id buka lagi", "buka lagi"],
    ["Tanpa tautan, spasi  ganda tetap", "Tanpa tautan, spasi  ganda tetap"],
  ])("%j → %j", (input, expected) => {
    expect(removeUrls(input).text).toBe(expected);
  });

  it("lists each URL once, in order, as written", () => {
    expect(removeUrls("a https://b.id c http://a.id d https://b.id").urls).toEqual([
      "https://b.id",
      "http://a.id",
    ]);
  });
});

describe("planPosts", () => {
  it("keep: the body's thread as it is", () => {
    const body = "Baca https://a.id hari ini";
    expect(planPosts(body, 0, "keep")).toEqual({ parts: [body], threadLength: 1, links: [] });
  });

  it("reply: links after the thread, as few posts as hold them, unnumbered", () => {
    const urls = Array.from({ length: 15 }, (_, i) => `https://perpustakaan.manadokota.go.id/${i}`);
    const plan = planPosts(`Bacaan minggu ini: ${urls.join(" ")}`, 0, "reply");
    expect(plan.parts[0]).toBe("Bacaan minggu ini:");
    expect(plan.threadLength).toBe(1);
    expect(plan.parts.slice(1)).toEqual(splitIntoThread(urls.join("\n"), { numbering: false }));
    expect(plan.parts.length).toBe(3);
  });

  it("an image with no text is one empty-text post", () => {
    expect(planPosts("", 1).parts).toEqual([""]);
    expect(planPosts("https://a.id", 2, "drop").parts).toEqual([""]);
    expect(planPosts("https://a.id", 0, "drop").parts).toEqual([]);
    expect(planPosts("https://a.id", 0, "reply").parts).toEqual(["https://a.id"]);
  });
});
