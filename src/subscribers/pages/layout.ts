import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Locale } from "../../config.js";
import type { AppEnv } from "../../http/env.js";
import { texts } from "./texts.js";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/**
 * One public page: small, readable on a phone, no scripts, nothing loaded from elsewhere. Pages
 * behind a signed link are never cached or indexed (the link is the patron's key).
 */
export function page(
  c: Context<AppEnv>,
  locale: Locale,
  title: string,
  body: Html,
  status: ContentfulStatusCode = 200,
) {
  const other: Locale = locale === "id" ? "en" : "id";
  c.header("Cache-Control", "no-store");
  return c.html(
    html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · ${c.get("deps").config.libraryName}</title><style>${raw(css)}</style></head>
<body><main>
<header><span>${c.get("deps").config.libraryName}</span>
<a href="${c.req.path}?lang=${other}" hreflang="${other}" lang="${other}">${texts[locale].switchTo}</a></header>
<h1>${title}</h1>
${body}
</main></body></html>`,
    status,
  );
}

/** A page that only says something, with an optional link onward. */
export function notice(
  c: Context<AppEnv>,
  locale: Locale,
  title: string,
  message: string,
  status: ContentfulStatusCode = 200,
  link?: { href: string; label: string },
) {
  return page(
    c,
    locale,
    title,
    html`<p>${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ""}`,
    status,
  );
}

/** Where a form posts: the page's language travels along, so we know what the patron was shown. */
export const action = (path: string, locale: Locale) => `${path}?lang=${locale}`;

const css = `body{margin:0;background:#f3f1ec;color:#1f2933;font:16px/1.55 system-ui,sans-serif}
main{max-width:560px;margin:24px auto;background:#fff;padding:20px 28px 28px;border-radius:6px}
header{display:flex;justify-content:space-between;gap:12px;font-size:14px;color:#52606d;border-bottom:3px solid #8a1c1c;padding-bottom:8px}
h1{font-size:22px;color:#8a1c1c;margin:18px 0 12px}h2{font-size:17px;margin:22px 0 8px}
label{display:block;margin:14px 0 4px;font-weight:600}input[type=email],input[type=text],select{width:100%;box-sizing:border-box;padding:8px;font:inherit;border:1px solid #9aa5b1;border-radius:4px}
fieldset{border:1px solid #e4e0d8;border-radius:4px;margin:14px 0;padding:8px 12px}legend{font-weight:600}
fieldset label{font-weight:400;margin:6px 0}button{margin-top:16px;padding:10px 18px;font:inherit;background:#8a1c1c;color:#fff;border:0;border-radius:4px;cursor:pointer}
.consent{font-size:14px;color:#3e4c59;background:#f7f5f0;padding:10px 12px;border-radius:4px}
.error{color:#b00020;font-size:14px;margin:4px 0}.ok{color:#1b5e20}a{color:#8a1c1c}
@media (max-width:600px){main{margin:0;border-radius:0;padding:16px}}`;
