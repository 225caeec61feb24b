import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { Config, Locale } from "../../config.js";
import type { NewsletterRow } from "../../db/schema/index.js";
import { formatDate } from "../../templates/helpers.js";
import { textsIn } from "../template-data.js";
import { sentOn } from "./queries.js";

const words = {
  id: {
    archive: "Arsip buletin",
    lead: (library: string) => `Edisi buletin email ${library} yang sudah terkirim.`,
    subscribe: "Berlangganan",
    none: "Belum ada edisi yang terkirim.",
    sent: "Terkirim",
    other: { lang: "en", label: "English" },
    notFound: "Edisi ini tidak ada, atau belum terkirim.",
    back: "Kembali ke arsip",
    sampleTitle: "Tautan contoh",
    sample: {
      preferences:
        "Ini tautan contoh dari pratinjau atau email uji. Di email yang sebenarnya, tautan ini membuka pengaturan langganan penerimanya.",
      unsubscribe:
        "Ini tautan contoh dari pratinjau atau email uji. Di email yang sebenarnya, tautan ini menghentikan langganan penerimanya dengan satu klik.",
    },
  },
  en: {
    archive: "Newsletter archive",
    lead: (library: string) => `Issues of the ${library} email newsletter that have gone out.`,
    subscribe: "Subscribe",
    none: "No issue has gone out yet.",
    sent: "Sent",
    other: { lang: "id", label: "Bahasa Indonesia" },
    notFound: "This issue does not exist, or has not gone out yet.",
    back: "Back to the archive",
    sampleTitle: "Sample link",
    sample: {
      preferences:
        "This is a sample link from a preview or a test email. In a real email it opens the recipient's subscription settings.",
      unsubscribe:
        "This is a sample link from a preview or a test email. In a real email it unsubscribes the recipient in one click.",
    },
  },
} as const;

type Site = Pick<Config, "libraryName" | "timeZone" | "publicBaseUrl">;

function page(
  config: Site,
  locale: Locale,
  title: string,
  body: HtmlEscapedString | Promise<HtmlEscapedString>,
) {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${config.libraryName}</title>
<link rel="alternate" type="application/rss+xml" title="${words[locale].archive} · ${config.libraryName}" href="/newsletters/feed.rss?lang=${locale}">
<style>${raw(css)}</style></head>
<body><main>${body}</main></body></html>`;
}

/** The list of sent issues, newest first. */
export function archivePage(config: Site, locale: Locale, issues: NewsletterRow[]) {
  const w = words[locale];
  const item = (issue: NewsletterRow) =>
    html`<li><a href="/newsletters/${issue.id}?lang=${locale}">${textsIn(issue, locale).subject}</a>
<small>${w.sent} ${formatDate(sentOn(issue), { locale, timeZone: config.timeZone })}</small></li>`;
  return page(
    config,
    locale,
    w.archive,
    html`<p class="top"><a href="?lang=${w.other.lang}" lang="${w.other.lang}">${w.other.label}</a></p>
<h1>${w.archive}</h1>
<p>${w.lead(config.libraryName)} <a href="/subscribe?lang=${locale}">${w.subscribe}</a> · <a href="/newsletters/feed.rss?lang=${locale}">RSS</a></p>
${issues.length > 0 ? html`<ul>${issues.map(item)}</ul>` : html`<p>${w.none}</p>`}`,
  );
}

export function notFoundPage(config: Site, locale: Locale) {
  const w = words[locale];
  return page(
    config,
    locale,
    w.archive,
    html`<h1>${w.archive}</h1><p>${w.notFound}</p><p><a href="/newsletters?lang=${locale}">${w.back}</a></p>`,
  );
}

/** Where the links of previews and test emails lead: nothing happens to anyone's subscription. */
export function sampleLinkPage(config: Site, locale: Locale, link: "preferences" | "unsubscribe") {
  const w = words[locale];
  return page(
    config,
    locale,
    w.sampleTitle,
    html`<h1>${w.sampleTitle}</h1><p>${w.sample[link]}</p><p><a href="/newsletters?lang=${locale}">${w.archive}</a></p>`,
  );
}

const css = `body{margin:0;background:#f3f1ec;color:#1f2933;font:17px/1.55 Georgia,"Times New Roman",serif}
main{max-width:640px;margin:0 auto;padding:24px 20px}h1{color:#8a1c1c;font-size:26px}a{color:#8a1c1c}
ul{list-style:none;padding:0}li{background:#fff;border-radius:6px;padding:14px 18px;margin:0 0 10px}
li a{font-size:18px;text-decoration:none}small{display:block;color:#52606d;font:14px Arial,sans-serif}
.top{text-align:right;font:14px Arial,sans-serif;margin:0}`;
