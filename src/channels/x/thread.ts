import twitterText from "twitter-text";
import { X_MAX_WEIGHTED_LENGTH, xWeightedLength } from "./length.js";

/**
 * Splitting a long text into an X thread.
 *
 * Every part is measured with X's own counting (twitter-text `parseTweet`), suffix included.
 * Parts end, in order of preference, at a paragraph break (blank line), a sentence end or line
 * break, or any word boundary. A preferred break is taken only if it fills at least half of the
 * part's room; otherwise the part runs to the last word that fits. A word longer than a whole
 * part is cut at grapheme boundaries, never inside a URL, hashtag, mention or cashtag (unless that
 * entity alone is too long for a part). Pure and deterministic.
 */

export interface SplitIntoThreadOptions {
  /** X's weighted limit per part; default 280. */
  maxWeighted?: number;
  /** Append " (i/n)" to each part when there is more than one; default true. */
  numbering?: boolean;
}

/** The numbering suffix appended to part `index` (1-based) of `total`: " (2/5)". */
export const threadSuffix = (index: number, total: number): string => ` (${index}/${total})`;

/** Matches the numbering suffix at the end of a part; groups: index, total. */
export const THREAD_SUFFIX_PATTERN = / \((\d+)\/(\d+)\)$/;

/** Removes the numbering suffix from a part, if it has one. */
export const stripThreadSuffix = (part: string): string => part.replace(THREAD_SUFFIX_PATTERN, "");

/**
 * Abbreviations whose final period does not end a sentence (lower case, period included).
 * Single-letter initials ("H.", "A.") and dotted forms ("a.n.", "s.d.", "S.Pd.") are recognised
 * by shape, so they are not listed.
 */
export const NON_TERMINAL_ABBREVIATIONS: ReadonlySet<string> = new Set([
  "dll.",
  "dsb.",
  "dst.",
  "dkk.",
  "no.",
  "nmr.",
  "jl.",
  "jln.",
  "gg.",
  "kel.",
  "kec.",
  "kab.",
  "prov.",
  "dr.",
  "drs.",
  "dra.",
  "ir.",
  "prof.",
  "hj.",
  "kh.",
  "bpk.",
  "sdr.",
  "sdri.",
  "yth.",
  "tn.",
  "ny.",
  "st.",
  "telp.",
  "tlp.",
  "hlm.",
  "tgl.",
  "pk.",
  "rp.",
  "mr.",
  "mrs.",
  "ms.",
  "vs.",
  "etc.",
]);

const CLOSERS = "\"'”’»)\\]";
const TRAILING_CLOSERS = new RegExp(`[${CLOSERS}]+$`, "u");
const LEADING_OPENERS = /^["'“‘«([]+/u;
const TERMINAL_MARK = new RegExp(`[.!?…][${CLOSERS}]*$`, "u");
const UNAMBIGUOUS_MARK = new RegExp(`[!?…][${CLOSERS}]*$`, "u");
const INITIAL = /^\p{Lu}\.$/u;
const DOTTED_ABBREVIATION = /^(?:\p{L}{1,3}\.){2,}$/u;
const LIST_NUMBER = /^\d{1,3}\.$/u;

/**
 * Whether a whitespace-delimited word ends a sentence: it ends in . ! ? or … (closing quotes or
 * brackets may follow), and a final period is not an abbreviation or an initial.
 */
export function isSentenceEnd(word: string): boolean {
  if (!TERMINAL_MARK.test(word)) return false;
  if (UNAMBIGUOUS_MARK.test(word)) return true;
  const core = word.replace(TRAILING_CLOSERS, "").replace(LEADING_OPENERS, "");
  if (core.endsWith("..")) return true; // "..." ellipsis
  if (NON_TERMINAL_ABBREVIATIONS.has(core.toLowerCase())) return false;
  if (INITIAL.test(core) || DOTTED_ABBREVIATION.test(core)) return false;
  return true;
}

// Break strength of the gap after a word.
const BREAK_WORD = 1;
const BREAK_SENTENCE = 2; // sentence end or single line break
const BREAK_PARAGRAPH = 3; // blank line
const BREAK_END = 4; // end of text
const NOT_A_BREAK = 0; // inside the trailing hashtag block

/** A preferred break is taken only if the part then fills at least this share of its room. */
const MIN_FILL = 0.5;

/** Non-breaking spaces join the words around them (e.g. "Rp 50.000"). */
const WORD = /[^\s]+(?:[\u00A0\u2007\u202F]+[^\s]+)*/gu;
const NEWLINES = /\r\n|[\n\r\u0085\u2028]/gu;
const ANY_NEWLINE = /[\n\r\u0085\u2028\u2029]/u;

const graphemes = new Intl.Segmenter("id", { granularity: "grapheme" });

interface Word {
  start: number;
  end: number;
}

interface Analysis {
  text: string;
  words: Word[];
  /** gapClass[i]: strength of the break after words[i] (the last word gets BREAK_END). */
  gapClass: number[];
  /** Index of the first word of a trailing run of hashtags, or -1. */
  hashtagBlockStart: number;
}

const isWholeHashtag = (word: string): boolean => {
  const tags = twitterText.extractHashtagsWithIndices(word);
  const only = tags[0];
  return (
    tags.length === 1 &&
    only !== undefined &&
    only.indices[0] === 0 &&
    only.indices[1] === word.length
  );
};

function analyse(text: string): Analysis {
  const words: Word[] = [];
  for (const match of text.matchAll(WORD)) {
    words.push({ start: match.index, end: match.index + match[0].length });
  }
  const wordText = (i: number) => {
    const w = words[i];
    return w === undefined ? "" : text.slice(w.start, w.end);
  };
  const gapText = (i: number) => {
    const before = words[i - 1];
    const w = words[i];
    if (w === undefined) return "";
    return text.slice(before === undefined ? 0 : before.end, w.start);
  };

  const gapClass = words.map((_, i): number => {
    if (i === words.length - 1) return BREAK_END;
    const gap = gapText(i + 1);
    const newlines = gap.match(NEWLINES)?.length ?? 0;
    if (newlines >= 2 || gap.includes("\u2029")) return BREAK_PARAGRAPH;
    if (newlines === 1) return BREAK_SENTENCE;
    const word = wordText(i);
    // "1." opening a line is a list number, not a sentence end.
    const opensLine = i === 0 || ANY_NEWLINE.test(gapText(i));
    if (LIST_NUMBER.test(word) && opensLine) return BREAK_WORD;
    return isSentenceEnd(word) ? BREAK_SENTENCE : BREAK_WORD;
  });

  let hashtagBlockStart = -1;
  for (let i = words.length - 1; i > 0 && isWholeHashtag(wordText(i)); i--) hashtagBlockStart = i;

  return { text, words, gapClass, hashtagBlockStart };
}

/** Grapheme boundaries strictly inside `piece`, ascending. */
function innerGraphemeBoundaries(piece: string): number[] {
  const bounds: number[] = [];
  for (const { index } of graphemes.segment(piece)) if (index > 0) bounds.push(index);
  return bounds;
}

/**
 * Length (UTF-16 units) of the longest prefix of `piece` that fits, cut at a grapheme boundary
 * outside any URL, hashtag, mention or cashtag; inside one only if no such prefix fits.
 */
function hardCut(piece: string, fits: (part: string) => boolean): number {
  const bounds = innerGraphemeBoundaries(piece);
  const entities = twitterText.extractEntitiesWithIndices(piece).map((e) => e.indices);
  const outsideEntities = bounds.filter((b) => !entities.some(([s, e]) => s < b && b < e));
  for (const candidates of [outsideEntities, bounds]) {
    // Binary search for the longest fitting prefix. Weight can dip when a prefix turns into a
    // URL, so this may not be the very longest, but every answer was measured to fit.
    let best = 0;
    let lo = 0;
    let hi = candidates.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = candidates[mid] ?? 0;
      if (fits(piece.slice(0, b))) {
        best = b;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best > 0) return best;
  }
  throw new RangeError(
    "maxWeighted is too small to hold a single character plus the numbering suffix",
  );
}

/** Greedy split where every part must fit with `reserve` appended. */
function splitWithReserve(doc: Analysis, max: number, reserve: string): string[] {
  const { text, words, gapClass } = doc;
  const measure = (part: string) => xWeightedLength(part + reserve);
  const fits = (part: string) => measure(part) <= max;
  const room = max - xWeightedLength(reserve);
  const last = words.length - 1;

  // The trailing hashtag block is kept whole if it fits in a part of its own.
  const blockStart = doc.hashtagBlockStart;
  const blockWord = words[blockStart];
  const lastWord = words[last];
  const keepBlock =
    blockWord !== undefined &&
    lastWord !== undefined &&
    fits(text.slice(blockWord.start, lastWord.end));
  const breakAfter = (i: number) =>
    keepBlock && i >= blockStart && i < last ? NOT_A_BREAK : (gapClass[i] ?? BREAK_WORD);

  const parts: string[] = [];
  let w = 0;
  let offset = words[0]?.start ?? 0;
  while (w <= last) {
    const first = words[w];
    if (first === undefined) break;
    const firstPiece = text.slice(offset, first.end);
    if (!fits(firstPiece)) {
      const cut = hardCut(firstPiece, fits);
      parts.push(firstPiece.slice(0, cut));
      offset += cut;
      continue;
    }

    // Every place this part could end, as long as the part still fits.
    const candidates: { end: number; weight: number; strength: number }[] = [];
    for (let e = w; e <= last; e++) {
      const strength = breakAfter(e);
      if (strength === NOT_A_BREAK) continue;
      const word = words[e];
      if (word === undefined) break;
      const weight = measure(text.slice(offset, word.end));
      if (weight > max) break;
      candidates.push({ end: e, weight, strength });
    }

    const fallback = candidates.at(-1);
    if (fallback === undefined) throw new Error("thread split: no fitting break (internal)");
    let chosen = fallback;
    if (fallback.strength !== BREAK_END) {
      for (const wanted of [BREAK_PARAGRAPH, BREAK_SENTENCE]) {
        const preferred = candidates.findLast((c) => c.strength >= wanted);
        const fill = preferred === undefined ? 0 : preferred.weight - (max - room);
        if (preferred !== undefined && fill >= MIN_FILL * room) {
          chosen = preferred;
          break;
        }
      }
    }

    const endWord = words[chosen.end];
    if (endWord === undefined) break;
    parts.push(text.slice(offset, endWord.end));
    w = chosen.end + 1;
    offset = words[w]?.start ?? text.length;
  }
  return parts;
}

/**
 * Splits `text` into X posts that each fit `maxWeighted` (default 280) by X's weighted count.
 *
 * - A text that fits is returned unchanged as `[text]`; blank text gives `[]`.
 * - Otherwise parts end at a paragraph break, else a sentence end or line break, else a word
 *   boundary; they are trimmed, never empty, and keep the original words in order (whitespace
 *   inside a part is kept as written).
 * - With numbering (default), each part ends with `threadSuffix(i, n)`, counted before the split
 *   is decided, including a wider suffix when the thread reaches 10, 100, ... parts.
 * - A trailing run of hashtags stays together in the last part when it fits in one part.
 *
 * Throws RangeError if `maxWeighted` cannot hold one character plus the suffix.
 */
export function splitIntoThread(text: string, options: SplitIntoThreadOptions = {}): string[] {
  const max = options.maxWeighted ?? X_MAX_WEIGHTED_LENGTH;
  if (!Number.isInteger(max) || max < 1) {
    throw new RangeError(`maxWeighted must be a positive integer, got ${max}`);
  }
  const doc = analyse(text);
  const firstWord = doc.words[0];
  const lastWord = doc.words.at(-1);
  if (firstWord === undefined || lastWord === undefined) return [];
  if (xWeightedLength(text) <= max) return [text];
  const body = text.slice(firstWord.start, lastWord.end);
  if (xWeightedLength(body) <= max) return [body];

  if (options.numbering === false) return checked(splitWithReserve(doc, max, ""), max);

  // Reserve the widest suffix for the digit count assumed; widen until the count agrees.
  for (let digits = 1; ; digits++) {
    const nines = "9".repeat(digits);
    const parts = splitWithReserve(doc, max, threadSuffix(Number(nines), Number(nines)));
    if (String(parts.length).length <= digits) {
      return checked(
        parts.map((part, i) => part + threadSuffix(i + 1, parts.length)),
        max,
      );
    }
  }
}

function checked(parts: string[], max: number): string[] {
  for (const part of parts) {
    if (part.trim() === "" || xWeightedLength(part) > max) {
      throw new Error("thread split produced an invalid part (internal)");
    }
  }
  return parts;
}
