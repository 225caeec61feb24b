/**
 * MARC-8 (the pre-Unicode MARC character set, leader/09 blank) for Latin-script records: ASCII
 * plus ANSEL's special letters and combining diacritics. In MARC-8 a diacritic comes before the
 * letter it sits on ("Caf" E2 "e"), in Unicode after it: marks are held until their letter comes,
 * then the text is NFC-normalized (é as one character). Other scripts (Greek, Cyrillic, CJK,
 * reached by escape sequences) are refused with a clear reason rather than guessed.
 */

export class Marc8Error extends Error {}

// ANSEL spacing characters, 0xA1 to 0xC8.
const SPACING: Record<number, string> = {
  161: "\u0141", // Ł
  162: "\u00d8", // Ø
  163: "\u0110", // Đ
  164: "\u00de", // Þ
  165: "\u00c6", // Æ
  166: "\u0152", // Œ
  167: "\u02b9", // soft sign
  168: "\u00b7", // middle dot
  169: "\u266d", // music flat
  170: "\u00ae", // ®
  171: "\u00b1", // ±
  172: "\u01a0", // Ơ
  173: "\u01af", // Ư
  174: "\u02bc", // alif
  176: "\u02bb", // ayn
  177: "\u0142", // ł
  178: "\u00f8", // ø
  179: "\u0111", // đ
  180: "\u00fe", // þ
  181: "\u00e6", // æ
  182: "\u0153", // œ
  183: "\u02ba", // hard sign
  184: "\u0131", // dotless i
  185: "\u00a3", // £
  186: "\u00f0", // ð
  188: "\u01a1", // ơ
  189: "\u01b0", // ư
  192: "\u00b0", // °
  193: "\u2113", // script l
  194: "\u2117", // ℗
  195: "\u00a9", // ©
  196: "\u266f", // music sharp
  197: "\u00bf", // ¿
  198: "\u00a1", // ¡
  199: "\u00df", // ß
  200: "\u20ac", // €
};

// ANSEL combining diacritics, 0xE0 to 0xFE, as Unicode combining marks.
const COMBINING: Record<number, string> = {
  224: "\u0309", // hook above
  225: "\u0300", // grave
  226: "\u0301", // acute
  227: "\u0302", // circumflex
  228: "\u0303", // tilde
  229: "\u0304", // macron
  230: "\u0306", // breve
  231: "\u0307", // dot above
  232: "\u0308", // diaeresis (umlaut)
  233: "\u030c", // caron (háček)
  234: "\u030a", // ring above
  235: "\ufe20", // ligature, left half
  236: "\ufe21", // ligature, right half
  237: "\u0315", // comma above right
  238: "\u030b", // double acute
  239: "\u0310", // candrabindu
  240: "\u0327", // cedilla
  241: "\u0328", // ogonek
  242: "\u0323", // dot below
  243: "\u0324", // diaeresis below
  244: "\u0325", // ring below
  245: "\u0333", // double low line
  246: "\u0332", // low line
  247: "\u0326", // comma below
  248: "\u031c", // left half ring below
  249: "\u032e", // breve below
  250: "\ufe22", // double tilde, left half
  251: "\ufe23", // double tilde, right half
  254: "\u0313", // comma above
};

const ESC = 0x1b;

export function decodeMarc8(bytes: Uint8Array): string {
  let out = "";
  let marks = "";
  const emit = (base: string) => {
    out += base + marks;
    marks = "";
  };
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte >= 0x20 && byte <= 0x7e) emit(String.fromCharCode(byte));
    else if (COMBINING[byte]) marks += COMBINING[byte];
    else if (SPACING[byte]) emit(SPACING[byte]);
    else if (byte === ESC) i += escapeLength(bytes, i);
    else if (byte === 0x88 || byte === 0x89)
      continue; // non-sort markers: display text has none
    else if (byte === 0x8d) emit("\u200d");
    else if (byte === 0x8e) emit("\u200c");
    else throw new Marc8Error(`byte 0x${hex(byte)} is not a MARC-8 Latin character`);
  }
  out += marks;
  return out.normalize("NFC");
}

/**
 * Escape sequences that only say "back to ASCII" or "ANSEL" are harmless and skipped; any other
 * switches to a script this reader does not decode.
 */
function escapeLength(bytes: Uint8Array, at: number): number {
  const next = bytes[at + 1];
  const after = bytes[at + 2];
  if (next === 0x73) return 1; // ESC s: ASCII
  if (next === 0x28 && after === 0x42) return 2; // ESC ( B: ASCII
  if (next === 0x29 && after === 0x45) return 2; // ESC ) E: ANSEL
  if (next === 0x29 && after === 0x21 && bytes[at + 3] === 0x45) return 3; // ESC ) ! E: ANSEL
  const sequence = [...bytes.subarray(at, at + 4)].map(hex).join(" ");
  throw new Marc8Error(
    `MARC-8 escape sequence ${sequence} switches to a non-Latin script, which is not supported; export the records as UTF-8 (MARC 21 leader/09 = 'a')`,
  );
}

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, "0");
