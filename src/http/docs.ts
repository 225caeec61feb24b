import type { Context } from "hono";
import { html, raw } from "hono/html";

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  maxLength?: number;
  default?: unknown;
};
type Parameter = {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
  description?: string;
};
type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
};
export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

/**
 * A readable API reference rendered on the server from the OpenAPI document: every operation
 * with its parameters, body fields and answers. No scripts and nothing from a CDN (staff
 * machines may be offline, and we load nothing from third parties).
 */
export function docsPage(c: Context, doc: OpenApiDoc) {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const name = schema?.$ref?.split("/").pop();
    return name ? doc.components?.schemas?.[name] : schema;
  };
  const typeOf = (schema: Schema | undefined): string => {
    const s = resolve(schema);
    if (!s) return "";
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
    if (s.anyOf) return s.anyOf.map(typeOf).join(" | ");
    const types = [s.type ?? "object"]
      .flat()
      .map((t) => (t === "array" ? `${typeOf(s.items)}[]` : t));
    return `${types.join(" | ")}${s.format ? ` (${s.format})` : ""}`;
  };
  const note = (s: Schema | undefined) =>
    [
      s?.description,
      s?.maxLength ? `at most ${s.maxLength} characters` : "",
      s?.default !== undefined ? `default ${JSON.stringify(s.default)}` : "",
    ]
      .filter(Boolean)
      .join("; ");

  const operation = (method: string, path: string, op: Operation) => {
    const body = resolve(op.requestBody?.content?.["application/json"]?.schema);
    const fields = Object.entries(body?.properties ?? {});
    return html`<article id="${method}-${path}">
<h3><span class="m ${method.toUpperCase()}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${op.summary ?? ""}</p>
${
  op.parameters?.length
    ? html`<h4>Parameters</h4><table>${op.parameters.map(
        (p) =>
          html`<tr><td><code>${p.name}</code>${p.required ? " *" : ""}</td><td>${p.in}</td><td>${typeOf(p.schema)}</td><td>${p.description ?? note(p.schema)}</td></tr>`,
      )}</table>`
    : ""
}
${
  fields.length
    ? html`<h4>Body (JSON)</h4><table>${fields.map(
        ([name, s]) =>
          html`<tr><td><code>${name}</code>${body?.required?.includes(name) ? " *" : ""}</td><td>${typeOf(s)}</td><td>${note(resolve(s))}</td></tr>`,
      )}</table>`
    : ""
}
<h4>Answers</h4><ul>${Object.entries(op.responses ?? {}).map(
      ([status, r]) => html`<li><b>${status}</b> ${r.description ?? ""}</li>`,
    )}</ul></article>`;
  };

  const byTag = new Map<string, ReturnType<typeof operation>[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "Other";
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
    }
  }
  return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} API</title><style>${raw(css)}</style></head>
<body><main><h1>${doc.info.title} API <small>${doc.info.version}</small></h1>
<p>${doc.info.description ?? ""}</p>
<p>Send <code>Authorization: Bearer &lt;token&gt;</code> with every <code>/api</code> request. Updates need
<code>If-Match: "&lt;version&gt;"</code> (the ETag of what you read). Lists return <code>{ items, nextCursor }</code>;
pass <code>cursor</code> for the next page. Fields marked * are required. Machine-readable:
<a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<nav>${[...byTag.keys()].map((tag) => html`<a href="#${tag}">${tag}</a> `)}</nav>
${[...byTag].map(([tag, ops]) => html`<section id="${tag}"><h2>${tag}</h2>${ops}</section>`)}
</main></body></html>`);
}

const css = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#fafaf7;color:#222}
main{max-width:980px;margin:auto;padding:24px}h1 small{font-size:14px;color:#777}nav a{margin-right:12px}
article{border-top:1px solid #e4e4dc;padding:8px 0}h3{margin:8px 0 4px;font-size:16px}h4{margin:8px 0 2px;font-size:13px;color:#555}
table{border-collapse:collapse;width:100%}td{padding:3px 8px;border-bottom:1px solid #eee;vertical-align:top;font-size:14px}
ul{margin:0;padding-left:20px;font-size:14px}.m{font-weight:700}.GET{color:#1565c0}.POST{color:#2e7d32}
.PATCH,.PUT{color:#b26a00}.DELETE{color:#c62828}code{font-size:13px}`;
