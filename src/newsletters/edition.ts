import type { Locale } from "../config.js";
import type { NewsletterRow } from "../db/schema/index.js";
import { QuotedPrintable, quotedPrintable, softBreakAfter } from "../mail/quoted-printable.js";
import { renderEmail } from "../mail/render.js";
import type { Ctx } from "../shared/context.js";
import { type Renderer, TemplateRenderError } from "../templates/render.js";
import { sectionsOf, templateData } from "./template-data.js";

/**
 * One language of an issue, rendered once (Handlebars and juice) for every recipient: each
 * section sits between markers, and the recipient's links are placeholders. `personalize` turns
 * it into one recipient's message with string work only.
 */
export interface Edition {
  locale: Locale;
  subject: string;
  html: string;
  text: string;
  /** Topics with a section in this edition. */
  topics: string[];
  /** Random per rendering, in every marker and placeholder: no content can forge one. */
  key: string;
}

export interface RecipientView {
  topics: readonly string[];
  links: { preferences: string; unsubscribe: string };
}

/** Topics with a non-empty section, in the issue's order: the audience is whoever chose one. */
export function issueTopics(newsletter: Pick<NewsletterRow, "sections">): string[] {
  return sectionsOf(newsletter)
    .filter((section) => section.items.length > 0)
    .map((section) => section.topic);
}

/** Both languages of the issue, ready for `personalize`. */
export async function prepareEditions(
  ctx: Ctx,
  renderer: Renderer,
  newsletter: NewsletterRow,
): Promise<Record<Locale, Edition>> {
  const [id, en] = await Promise.all([
    prepareEdition(ctx, renderer, newsletter, "id"),
    prepareEdition(ctx, renderer, newsletter, "en"),
  ]);
  return { id, en };
}

/**
 * One language. `web` renders the public web version: no recipient links, and a footer that
 * points to the archive instead of a subscription.
 */
export async function prepareEdition(
  ctx: Ctx,
  renderer: Renderer,
  newsletter: NewsletterRow,
  locale: Locale,
  web?: { archiveUrl: string; feedUrl: string; otherLanguageUrl: string },
): Promise<Edition> {
  const key = randomKey();
  const data = templateData(newsletter, locale, ctx.config.timeZone, {
    begin: (topic) => `<!--warta:${key}:begin:${topic}-->`,
    end: `<!--warta:${key}:end-->`,
  });
  const links = web ? undefined : { preferences: slot(key, 0), unsubscribe: slot(key, 1) };
  const email = await renderEmail(ctx, renderer, "newsletter", locale, { ...data, links, web });
  const edition: Edition = { locale, ...email, topics: issueTopics(newsletter), key };
  const compiled = compile(edition);
  for (const topic of edition.topics) {
    if (![compiled.html, compiled.text].every((part) => part.some((p) => p.topic === topic))) {
      throw new TemplateRenderError(
        `The ${locale} newsletter template must wrap each section in {{{begin}}} … {{{end}}}; the ${topic} section has none`,
      );
    }
  }
  if (links && ![compiled.html, compiled.text].every((part) => hasBothLinks(part))) {
    throw new TemplateRenderError(
      `The ${locale} email layout must show links.preferences and links.unsubscribe in both parts`,
    );
  }
  return edition;
}

/**
 * One recipient's message: the sections of the topics they chose, their links in place (escaped
 * in the HTML). Null when the issue has nothing for them. String work only: it runs once per
 * recipient, a hundred thousand times an issue.
 */
export function personalize(
  edition: Edition,
  recipient: RecipientView,
): { subject: string; html: string; text: string } | null {
  if (!wantsAny(edition, recipient.topics)) return null;
  const { html, text } = compile(edition);
  const { preferences, unsubscribe } = recipient.links;
  return {
    subject: edition.subject,
    html: assemble(html, recipient.topics, [escapeHtml(preferences), escapeHtml(unsubscribe)], ""),
    text: assemble(text, recipient.topics, [preferences, unsubscribe], "\n\n"),
  };
}

/**
 * `personalize` for sending: both parts come quoted-printable, joined from pieces the edition
 * encoded once; only the recipient's links are encoded per message.
 */
export function personalizeEncoded(
  edition: Edition,
  recipient: RecipientView,
): { subject: string; html: QuotedPrintable; text: QuotedPrintable } | null {
  if (!wantsAny(edition, recipient.topics)) return null;
  const { html, text } = compileEncoded(edition);
  const { preferences, unsubscribe } = recipient.links;
  const htmlLinks: [string, string] = [
    quotedPrintable(escapeHtml(preferences)),
    quotedPrintable(escapeHtml(unsubscribe)),
  ];
  const textLinks: [string, string] = [quotedPrintable(preferences), quotedPrintable(unsubscribe)];
  return {
    subject: edition.subject,
    html: new QuotedPrintable(assemble(html, recipient.topics, htmlLinks, "", softBreakAfter)),
    text: new QuotedPrintable(
      assemble(text, recipient.topics, textLinks, "\r\n\r\n", softBreakAfter),
    ),
  };
}

/** Whether the edition has a section for any of the recipient's topics. */
const wantsAny = (edition: Edition, topics: readonly string[]) =>
  edition.topics.some((topic) => topics.includes(topic));

/** A run of the message: outside any section (topic null) or inside one; 0 and 1 are the links. */
interface Piece {
  topic: string | null;
  parts: (string | 0 | 1)[];
}

const compiledEditions = new WeakMap<Edition, { html: Piece[]; text: Piece[] }>();

/** Splits the edition at its markers once; later calls find the pieces ready. */
function compile(edition: Edition) {
  let compiled = compiledEditions.get(edition);
  if (!compiled) {
    compiled = {
      html: pieces(edition.html, edition.key, false),
      // In the text part each piece is a block of lines; blank lines between them come back on assembly.
      text: pieces(edition.text, edition.key, true),
    };
    compiledEditions.set(edition, compiled);
  }
  return compiled;
}

function pieces(source: string, key: string, blocks: boolean): Piece[] {
  const marker = new RegExp(`<!--warta:${key}:(?:begin:([a-z_]+)|end)-->`, "g");
  const slots = new RegExp(`warta-${key}-([01])`);
  const result: Piece[] = [];
  let topic: string | null = null;
  let from = 0;
  const add = (chunk: string) => {
    const body = blocks ? chunk.trim() : chunk;
    if (body === "") return;
    const parts = body
      .split(slots)
      .map((part, i) => (i % 2 === 1 ? (Number(part) as 0 | 1) : part))
      .filter((part) => part !== "");
    result.push({ topic, parts });
  };
  for (const match of source.matchAll(marker)) {
    add(source.slice(from, match.index));
    const opened = match[1] ?? null;
    if ((opened === null) === (topic === null)) {
      throw new TemplateRenderError(
        `The newsletter's section markers do not pair up near ${match[0]}`,
      );
    }
    topic = opened;
    from = match.index + match[0].length;
  }
  if (topic !== null)
    throw new TemplateRenderError(`The newsletter's ${topic} section is never closed`);
  add(source.slice(from));
  return result;
}

const encodedEditions = new WeakMap<Edition, { html: Piece[]; text: Piece[] }>();

/** The edition's pieces, each encoded on its own (joined later by soft line breaks). */
function compileEncoded(edition: Edition) {
  let encoded = encodedEditions.get(edition);
  if (!encoded) {
    const encode = (pieces: Piece[]) =>
      pieces.map((piece) => ({
        topic: piece.topic,
        parts: piece.parts.map((part) => (typeof part === "string" ? quotedPrintable(part) : part)),
      }));
    const { html, text } = compile(edition);
    encoded = { html: encode(html), text: encode(text) };
    encodedEditions.set(edition, encoded);
  }
  return encoded;
}

/** The chosen pieces, links filled in; `glue` says what goes between two fragments. */
function assemble(
  pieces: Piece[],
  chosen: readonly string[],
  links: [string, string],
  separator: string,
  glue: (before: string) => string = () => "",
): string {
  const out: string[] = [];
  let last = "";
  const add = (fragment: string) => {
    if (fragment === "") return;
    if (last !== "") out.push(glue(last));
    out.push(fragment);
    last = fragment;
  };
  for (const piece of pieces) {
    if (piece.topic !== null && !chosen.includes(piece.topic)) continue;
    if (out.length > 0) add(separator);
    for (const part of piece.parts) add(typeof part === "string" ? part : links[part]);
  }
  return out.join("");
}

const hasBothLinks = (pieces: Piece[]) => {
  const found = new Set(pieces.flatMap((piece) => piece.parts));
  return found.has(0) && found.has(1);
};

const slot = (key: string, link: 0 | 1) => `warta-${key}-${link}`;

const randomKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
