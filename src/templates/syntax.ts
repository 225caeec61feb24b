import Handlebars from "handlebars";

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

type Loc = { first_line?: number; first_column?: number };
type JisonParser = {
  parseError(message: string, hash: { loc?: Loc; line?: number }): never;
  lexer: { yylloc?: Loc };
};

// Handlebars' generated parser throws a bare Error whose only position is in its prose. Replace
// its error hook once so syntax errors carry a line and a 1-based column staff can jump to.
const parser = (Handlebars as unknown as { Parser: JisonParser }).Parser;
parser.parseError = (message, hash) => {
  const loc = parser.lexer.yylloc ?? hash.loc ?? {};
  const line = loc.first_line ?? (hash.line ?? 0) + 1;
  throw new TemplateSyntaxError(firstLine(message), line, (loc.first_column ?? 0) + 1);
};

const tokenNames: Record<string, string> = {
  CLOSE: "}}",
  CLOSE_UNESCAPED: "}}}",
  CLOSE_RAW_BLOCK: "}}}}",
  OPEN_ENDBLOCK: "{{/…}}",
  INVERSE: "{{else}}",
  OPEN_INVERSE_CHAIN: "{{else …}}",
  EOF: "the end of the template",
  INVALID: "a character that does not belong here",
  ID: "a name",
  OPEN_SEXPR: "(",
  CLOSE_SEXPR: ")",
  STRING: "a quoted string",
  NUMBER: "a number",
  BOOLEAN: "true or false",
  UNDEFINED: "undefined",
  NULL: "null",
  DATA: "an @name",
  SEP: "a dot",
  OPEN_BLOCK_PARAMS: "as |name|",
  EQUALS: "=",
};
const named = (token: string) => tokenNames[token.replace(/'/g, "")] ?? token.replace(/'/g, "");

const firstLine = (message: string) => {
  const expecting = /Expecting (.*), got '([^']*)'/.exec(message);
  if (!expecting) return message.split("\n")[0] ?? message;
  const wanted = (expecting[1] ?? "").split(", ").slice(0, 4).map(named).join(", ");
  return `found ${named(expecting[2] ?? "")}, expected ${wanted}`;
};

/** Null when the template compiles; otherwise where and why it does not. */
export function checkTemplateSyntax(source: string): TemplateSyntaxError | null {
  try {
    Handlebars.precompile(source, { strict: false });
    return null;
  } catch (err) {
    if (err instanceof TemplateSyntaxError) return err;
    const e = err as { message?: string; lineNumber?: number; column?: number };
    return new TemplateSyntaxError(
      (e.message ?? String(err)).replace(/ - \d+:\d+$/, ""),
      e.lineNumber ?? 1,
      (e.column ?? 0) + 1,
    );
  }
}
