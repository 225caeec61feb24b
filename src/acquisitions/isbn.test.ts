import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isbn13CheckDigit, normalizeIsbn } from "./isbn.js";

// Check digits below were worked out by hand, not with the code under test:
// 0-306-40615-2: 0·10+3·9+0·8+6·7+4·6+0·5+6·4+1·3+5·2+2·1 = 132 = 11·12 (valid ISBN-10);
//   978030640615 weighted 1,3,1,3…: 93 → check digit 7 → 9780306406157.
// 979-3062-79-7 (Laskar Pelangi, Bentang Pustaka): weighted sum 330 = 11·30 (valid);
//   978979306279 weighted 1,3,…: 148 → check digit 2 → 9789793062792.
// 0-8044-2957-X: weighted sum 199 + 10 = 209 = 11·19 (valid, X = 10);
//   978080442957 weighted 1,3,…: 117 → check digit 3 → 9780804429573.
// 0-9752298-0-X: weighted sum 254 + 10 = 264 = 11·24 (valid);
//   978097522980 weighted 1,3,…: 116 → check digit 4 → 9780975229804.
// 978-602-03-2478-4: 978602032478 weighted 1,3,…: 116 → check digit 4 (valid ISBN-13).

describe("normalizeIsbn", () => {
  it("converts an ISBN-10 to its ISBN-13", () => {
    expect(normalizeIsbn("0306406152")).toBe("9780306406157");
    expect(normalizeIsbn("9793062797")).toBe("9789793062792");
  });

  it("converts an ISBN-10 whose check digit is X, in either case", () => {
    expect(normalizeIsbn("080442957X")).toBe("9780804429573");
    expect(normalizeIsbn("0-8044-2957-x")).toBe("9780804429573");
    expect(normalizeIsbn("0-9752298-0-X")).toBe("9780975229804");
  });

  it("accepts hyphens and spaces in both lengths", () => {
    expect(normalizeIsbn("0-306-40615-2")).toBe("9780306406157");
    expect(normalizeIsbn("979-3062-79-7")).toBe("9789793062792");
    expect(normalizeIsbn("979 3062 79 7")).toBe("9789793062792");
    expect(normalizeIsbn(" 978-979-3062-79-2 ")).toBe("9789793062792");
    expect(normalizeIsbn("978 602 03 2478 4")).toBe("9786020324784");
  });

  it("keeps a valid ISBN-13 as its bare digits", () => {
    expect(normalizeIsbn("9786020324784")).toBe("9786020324784");
    expect(normalizeIsbn("978-0-306-40615-7")).toBe("9780306406157");
  });

  it("rejects an ISBN-10 with a wrong check digit", () => {
    expect(normalizeIsbn("0-306-40615-3")).toBeNull();
    expect(normalizeIsbn("979-3062-79-X")).toBeNull();
    // Two digits swapped: the ISBN-10 checksum catches transpositions.
    expect(normalizeIsbn("0-306-46015-2")).toBeNull();
  });

  it("rejects an ISBN-13 with a wrong check digit", () => {
    expect(normalizeIsbn("978-0-306-40615-8")).toBeNull();
    expect(normalizeIsbn("9789793062797")).toBeNull();
  });

  it("rejects X anywhere but the last place of an ISBN-10, and in an ISBN-13", () => {
    expect(normalizeIsbn("X306406152")).toBeNull();
    expect(normalizeIsbn("03064X6152")).toBeNull();
    expect(normalizeIsbn("978030640615X")).toBeNull();
  });

  it("accepts the ISBN label librarians paste with the number", () => {
    expect(normalizeIsbn("ISBN 0-306-40615-2")).toBe("9780306406157");
    expect(normalizeIsbn("ISBN-13: 978-0-306-40615-7")).toBe("9780306406157");
    expect(normalizeIsbn("isbn 9780306406157")).toBe("9780306406157");
  });

  it("rejects garbage and wrong lengths", () => {
    for (const input of [
      "",
      "   ",
      "-",
      "ISBN",
      "not an isbn",
      "030640615", // 9 digits
      "03064061521", // 11 digits
      "978030640615", // 12 digits
      "97803064061570", // 14 digits
      "0.306.40615.2", // dots are not separators we accept
      "0306406152 extra",
      "0000000000000", // an EAN-13 with a valid check digit, but not a book
      "5901234123457", // a real EAN-13 outside the 978/979 Bookland prefixes
      "０３０６４０６１５２", // full-width digits
    ]) {
      expect(normalizeIsbn(input), input).toBeNull();
    }
  });

  it("turns every valid ISBN-10 into a valid 978 ISBN-13 with the same nine core digits", () => {
    const isbn10 = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
      .map((digits) => {
        const sum = digits.reduce((acc, d, i) => acc + d * (10 - i), 0);
        const check = (11 - (sum % 11)) % 11;
        return digits.join("") + (check === 10 ? "X" : String(check));
      });
    fc.assert(
      fc.property(isbn10, (isbn) => {
        const converted = normalizeIsbn(isbn);
        expect(converted).toMatch(/^978\d{10}$/);
        expect(converted?.slice(3, 12)).toBe(isbn.slice(0, 9));
        expect(normalizeIsbn(converted ?? "")).toBe(converted);
      }),
    );
  });

  it("rejects every single-digit change to a valid ISBN-13's check digit", () => {
    const core = "978979306279";
    const good = isbn13CheckDigit(core);
    expect(good).toBe("2");
    for (let d = 0; d <= 9; d++) {
      if (String(d) === good) continue;
      expect(normalizeIsbn(`${core}${d}`)).toBeNull();
    }
  });
});
