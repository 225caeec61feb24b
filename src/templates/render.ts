/**
 * Renders post templates (Handlebars) to plain text in the library's time zone and the post's
 * locale. Social posts are not HTML: nothing is escaped. Every failure (a syntax error, an unknown
 * helper, a helper refusing its input) is a TemplateRenderError naming the helper, field and line.
 */
import Handlebars from "handlebars";
import {
  describe,
  type FormatContext,
  formatDate,
  formatDateTime,
  formatList,
  formatTime,
  HelperInputError,
  hashtags,
  join,
  type Locale,
  link,
  locales,
  relativeDay,
  truncate,
} from "./helpers.js";
import { checkTemplateSyntax } from "./syntax.js";

export type { Locale } from "./helpers.js";

export interface RendererOptions {
  /** The library's IANA time zone, e.g. "Asia/Makassar". */
  timeZone: string;
  libraryName: string;
  /** Where relative links point, e.g. "https://warta.perpustakaan.example". */
  publicBaseUrl: string;
  now: () => Date;
  /** Compiled templates kept, by source text (least recently used go first). Default 200. */
  cacheSize?: number;
}

export interface RenderOptions {
  locale: Locale;
  /**
   * "Now" for relativeDay when it is not the renderer's clock: a post rendered days ahead should
   * say "besok" relative to when it is published.
   */
  now?: Date;
  /** "html" escapes every value (emails); the default is plain text for posts, nothing escaped. */
  format?: "text" | "html";
}

export interface Renderer {
  render(templateSource: string, context: object, options: RenderOptions): string;
}

export interface TemplateRenderErrorDetails {
  /** The helper that failed or that does not exist. */
  helper?: string;
  /** The field the helper was given, as written in the template ("event.startsAt"). */
  field?: string;
  line?: number;
  /** 1-based. */
  column?: number;
}

export class TemplateRenderError extends Error {
  readonly helper?: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(message: string, details: TemplateRenderErrorDetails = {}, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "TemplateRenderError";
    Object.assign(this, details);
  }
}

/** What every helper reads from the render: Handlebars' @data. */
interface RenderData extends FormatContext {
  now: Date;
}

interface HelperCallOptions {
  name: string;
  data?: RenderData;
  /** Where the call is: Handlebars' 1-based line and 0-based column. */
  loc?: { start: { line: number; column: number } };
  /** With trackIds: each argument's path, null for a literal, true for a subexpression. */
  ids?: unknown[];
}

interface HelperSpec {
  /** Smallest and largest number of arguments. */
  arity: [number, number];
  run(args: unknown[], data: RenderData): unknown;
}

const compileOptions = {
  text: { noEscape: true, strict: false, trackIds: true } as CompileOptions,
  html: { noEscape: false, strict: false, trackIds: true } as CompileOptions,
};

/** Collapses the gaps optional sections leave and trims, so a post never starts or ends blank. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function createRenderer(options: RendererOptions): Renderer {
  const { timeZone, libraryName, publicBaseUrl, now } = options;
  const cacheSize = Math.max(1, options.cacheSize ?? 200);
  // Checks the zone once, here, instead of failing inside the first post.
  new Intl.DateTimeFormat("en", { timeZone });

  const helpers: Record<string, HelperSpec> = {
    formatDateTime: { arity: [1, 1], run: ([d], data) => formatDateTime(d, data) },
    formatDate: { arity: [1, 1], run: ([d], data) => formatDate(d, data) },
    formatTime: { arity: [1, 1], run: ([d], data) => formatTime(d, data) },
    relativeDay: { arity: [1, 1], run: ([d], data) => relativeDay(d, data.now, data) },
    truncate: { arity: [2, 2], run: ([text, max]) => truncate(text, max) },
    hashtags: { arity: [0, Number.POSITIVE_INFINITY], run: (tags) => hashtags(tags) },
    join: { arity: [1, 2], run: ([list, separator]) => join(list, separator) },
    formatList: { arity: [1, 1], run: ([list], data) => formatList(list, data.locale) },
    link: { arity: [1, 1], run: ([url]) => link(url, publicBaseUrl) },
  };
  const helperNames = Object.keys(helpers).join(", ");

  const env = Handlebars.create();
  for (const [name, spec] of Object.entries(helpers)) {
    env.registerHelper(name, function (this: unknown, ...params: unknown[]) {
      const call = params.pop() as HelperCallOptions;
      // `{{link}}` alone is ambiguous to Handlebars: a field of that name wins over the helper.
      if (params.length === 0 && isRecord(this) && Object.hasOwn(this, name)) return this[name];
      try {
        const [min, max] = spec.arity;
        if (params.length < min || params.length > max) {
          const wanted = min === max ? `${min}` : `${min} or ${max}`;
          throw new HelperInputError(
            `takes ${wanted} argument${max === 1 ? "" : "s"}, got ${params.length}`,
          );
        }
        if (!call.data) throw new HelperInputError("was called outside a render");
        return spec.run(params, call.data);
      } catch (err) {
        throw helperError(name, params, call, err);
      }
    });
  }
  env.registerHelper("helperMissing", (...params: unknown[]) => {
    const call = params.pop() as HelperCallOptions;
    // No arguments: a field that is not there, which renders as nothing (strict mode is off).
    if (params.length === 0) return undefined;
    throw new TemplateRenderError(
      `Unknown helper "${call.name}"${at(call)}; the helpers are ${helperNames}`,
      { helper: call.name, ...position(call) },
    );
  });

  const cache = new Map<string, HandlebarsTemplateDelegate>();
  const compiled = (source: string, format: "text" | "html") => {
    const key = `${format}:${source}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    let ast: hbs.AST.Program;
    try {
      ast = env.parse(source);
    } catch (err) {
      const syntax = checkTemplateSyntax(source);
      throw syntax
        ? new TemplateRenderError(
            `Template does not compile: line ${syntax.line}, column ${syntax.column}: ${syntax.message}`,
            { line: syntax.line, column: syntax.column },
            err,
          )
        : new TemplateRenderError(`Template does not compile: ${messageOf(err)}`, {}, err);
    }
    const template = env.compile(ast, compileOptions[format]);
    cache.set(key, template);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return template;
  };

  return {
    render(templateSource, context, { locale, now: at, format = "text" }) {
      if (typeof templateSource !== "string") {
        throw new TemplateRenderError(`The template must be text, got ${describe(templateSource)}`);
      }
      if (!locales.includes(locale)) {
        throw new TemplateRenderError(
          `Unknown locale ${describe(locale)}; expected one of ${locales.join(", ")}`,
        );
      }
      if (!isRecord(context) || Array.isArray(context)) {
        throw new TemplateRenderError(`The context must be an object, got ${describe(context)}`);
      }
      const template = compiled(templateSource, format);
      try {
        const library = isRecord(context.library) ? context.library : {};
        const data: RenderData = { locale, timeZone, now: at ?? now() };
        const output = template(
          { ...context, library: { name: libraryName, url: publicBaseUrl, ...library } },
          { data },
        );
        return format === "html" ? String(output) : tidyText(String(output));
      } catch (err) {
        if (err instanceof TemplateRenderError) throw err;
        const e = err as { lineNumber?: number; column?: number };
        const where =
          typeof e.lineNumber === "number"
            ? { line: e.lineNumber, column: (e.column ?? 0) + 1 }
            : undefined;
        throw new TemplateRenderError(
          `Template could not be rendered${where ? ` (line ${where.line}, column ${where.column})` : ""}: ${messageOf(err)}`,
          where ?? {},
          err,
        );
      }
    },
  };
}

function helperError(
  name: string,
  params: unknown[],
  call: HelperCallOptions,
  err: unknown,
): TemplateRenderError {
  const ids = call.ids ?? [];
  const args = params.map((value, i) => {
    const id = ids[i];
    if (typeof id === "string") return id === "" ? "this" : id;
    if (id === true) return "(…)";
    return typeof value === "string" ? JSON.stringify(value) : String(value);
  });
  const field = ids.find((id): id is string => typeof id === "string" && id !== "");
  const shown = `{{${[name, ...args].join(" ")}}}`;
  const reason =
    err instanceof HelperInputError ? err.message : `failed unexpectedly: ${messageOf(err)}`;
  return new TemplateRenderError(
    `Helper "${name}" in ${shown}${at(call)}: ${reason}`,
    { helper: name, ...(field ? { field } : {}), ...position(call) },
    err,
  );
}

const position = (call: HelperCallOptions) =>
  call.loc ? { line: call.loc.start.line, column: call.loc.start.column + 1 } : {};

const at = (call: HelperCallOptions) => {
  const where = position(call);
  return where.line === undefined ? "" : ` at line ${where.line}, column ${where.column}`;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
