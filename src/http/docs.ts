import type { Context } from "hono";
import { html, raw } from "hono/html";

type Operation = { summary?: string; tags?: string[] };
type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
};

/**
 * A readable API reference rendered on the server from the OpenAPI document: no scripts, no
 * outside CDN (staff machines may be offline, and we load nothing from third parties).
 */
export function docsPage(c: Context, doc: OpenApiDoc) {
  const byTag = new Map<string, { method: string; path: string; summary: string }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? "Other";
      const list = byTag.get(tag) ?? [];
      list.push({ method: method.toUpperCase(), path, summary: op.summary ?? "" });
      byTag.set(tag, list);
    }
  }
  const sections = [...byTag].map(
    ([tag, ops]) =>
      html`<section><h2>${tag}</h2><table>${ops.map(
        (op) =>
          html`<tr><td class="m ${op.method}">${op.method}</td><td><code>${op.path}</code></td><td>${op.summary}</td></tr>`,
      )}</table></section>`,
  );
  return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title} API</title>
<style>${raw(css)}</style></head>
<body><main><h1>${doc.info.title} <small>${doc.info.version}</small></h1>
<p>${doc.info.description ?? ""}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Send <code>Authorization: Bearer &lt;token&gt;</code> to every <code>/api</code> route.</p>
${sections}</main></body></html>`);
}

const css = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#fafaf7;color:#222}
main{max-width:960px;margin:auto;padding:24px}h1 small{font-size:14px;color:#777}
table{border-collapse:collapse;width:100%;margin-bottom:16px}td{padding:6px 8px;border-bottom:1px solid #e4e4dc;vertical-align:top}
.m{font-weight:600;width:70px}.GET{color:#1565c0}.POST{color:#2e7d32}.PATCH,.PUT{color:#b26a00}.DELETE{color:#c62828}code{font-size:14px}`;
