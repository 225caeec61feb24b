import juice from "juice";
import type { Locale } from "../config.js";
import type { Ctx } from "../shared/context.js";
import type { Renderer } from "../templates/render.js";
import { getTemplate } from "../templates/service.js";

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders `templates/email/<locale>/<name>/{subject,html,text}` inside the locale's layout
 * (`layout/html`, `layout/text`), database overrides first. The HTML's CSS is inlined (juice):
 * many mail programs drop <style>. Media queries stay in <style> for the ones that read it.
 */
export async function renderEmail(
  ctx: Ctx,
  renderer: Renderer,
  name: string,
  locale: Locale,
  data: Record<string, unknown>,
): Promise<RenderedEmail> {
  const source = (part: string) =>
    getTemplate(ctx, ctx.templateFiles, `email/${locale}/${part}`).then((t) => t.effective);
  const [subject, html, text, layoutHtml, layoutText] = await Promise.all([
    source(`${name}/subject`),
    source(`${name}/html`),
    source(`${name}/text`),
    source("layout/html"),
    source("layout/text"),
  ]);
  const renderedSubject = renderer.render(subject, data, { locale }).replace(/\s+/g, " ");
  const context = { ...data, subject: renderedSubject };
  const bodyHtml = renderer.render(html, context, { locale, format: "html" });
  const bodyText = renderer.render(text, context, { locale });
  return {
    subject: renderedSubject,
    html: inlineCss(
      renderer.render(layoutHtml, { ...context, content: bodyHtml }, { locale, format: "html" }),
    ),
    text: renderer.render(layoutText, { ...context, content: bodyText }, { locale }),
  };
}

export const inlineCss = (html: string) =>
  juice(html, { preserveMediaQueries: true, removeStyleTags: true, applyWidthAttributes: true });
