import type { Config, Locale } from "../../config.js";
import type { NewsletterRow } from "../../db/schema/index.js";
import { sectionsOf, textsIn } from "../template-data.js";
import { sentOn } from "./queries.js";

const titles: Record<Locale, (library: string) => string> = {
  id: (library) => `Buletin ${library}`,
  en: (library) => `${library} newsletter`,
};

const descriptions: Record<Locale, (library: string) => string> = {
  id: (library) => `Acara, kelas literasi, kegiatan anak, dan buku baru di ${library}.`,
  en: (library) => `Events, literacy sessions, children's activities and new books at ${library}.`,
};

/** XML's own five entities: every feed reader (and parser) knows them. */
const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const xml = (value: string) => value.replace(/[&<>"']/g, (ch) => entities[ch] ?? ch);

/** What a feed reader shows for an issue: its intro and what it announces (HTML, escaped). */
function summary(issue: NewsletterRow, locale: Locale): string {
  const intro = textsIn(issue, locale).intro;
  const announced = sectionsOf(issue).flatMap((section) => section.items.map((item) => item.title));
  return `${intro ? `<p>${xml(intro)}</p>` : ""}<ul>${announced.map((t) => `<li>${xml(t)}</li>`).join("")}</ul>`;
}

/** RSS 2.0 of the sent issues, newest first, each linking to its web version. */
export function archiveFeed(
  config: Pick<Config, "libraryName" | "publicBaseUrl">,
  locale: Locale,
  issues: NewsletterRow[],
): string {
  const base = config.publicBaseUrl;
  const newest = issues[0];
  const items = issues.map((issue) => {
    const url = `${base}/newsletters/${issue.id}?lang=${locale}`;
    return `<item>
<title>${xml(textsIn(issue, locale).subject)}</title>
<link>${xml(url)}</link>
<guid isPermaLink="true">${xml(url)}</guid>
<pubDate>${sentOn(issue).toUTCString()}</pubDate>
<description>${xml(summary(issue, locale))}</description>
</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${xml(titles[locale](config.libraryName))}</title>
<link>${xml(`${base}/newsletters?lang=${locale}`)}</link>
<description>${xml(descriptions[locale](config.libraryName))}</description>
<language>${locale}</language>
<atom:link href="${xml(`${base}/newsletters/feed.rss?lang=${locale}`)}" rel="self" type="application/rss+xml"/>
${newest ? `<lastBuildDate>${sentOn(newest).toUTCString()}</lastBuildDate>\n` : ""}${items.join("\n")}
</channel>
</rss>
`;
}
