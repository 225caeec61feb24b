import type { Config, Locale } from "../config.js";
import { topics } from "../db/schema/enums.js";
import type { NewsletterRow } from "../db/schema/index.js";
import type { Ctx } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { type Renderer, TemplateRenderError } from "../templates/render.js";
import { personalize, prepareEdition } from "./edition.js";
import { findNewsletter } from "./service.js";

/**
 * Stand-ins for a recipient's links in previews and test sends: a page that explains them, so
 * following one can never change a real subscription.
 */
export const sampleLinks = (config: Pick<Config, "publicBaseUrl">, locale: Locale) => ({
  preferences: `${config.publicBaseUrl}/newsletters/sample-link?lang=${locale}&link=preferences`,
  unsubscribe: `${config.publicBaseUrl}/newsletters/sample-link?lang=${locale}&link=unsubscribe`,
});

/** The message a subscriber with `chosen` topics would get, or a 422 saying why there is none. */
export async function sampleMessage(
  ctx: Ctx,
  renderer: Renderer,
  newsletter: NewsletterRow,
  locale: Locale,
  chosen: readonly string[] = topics,
) {
  const edition = await prepareEdition(ctx, renderer, newsletter, locale).catch((err: unknown) => {
    if (!(err instanceof TemplateRenderError)) throw err;
    throw new AppError(
      "content_problems",
      `Newsletter ${newsletter.id} does not render: ${err.message}`,
    );
  });
  const message = personalize(edition, { topics: chosen, links: sampleLinks(ctx.config, locale) });
  if (!message) {
    throw new AppError(
      "content_problems",
      edition.topics.length === 0
        ? `Newsletter ${newsletter.id} has nothing in it yet`
        : `A subscriber of ${chosen.join(", ")} gets nothing from this issue; it has ${edition.topics.join(", ")}`,
      { topics: edition.topics },
    );
  }
  return message;
}

export async function previewNewsletter({
  ctx,
  renderer,
  id,
  query,
}: {
  ctx: Ctx;
  renderer: Renderer;
  id: string;
  query: { locale?: Locale; format: "html" | "text"; topics?: string[] };
}): Promise<string> {
  const newsletter = await findNewsletter(ctx, id);
  const locale = query.locale ?? ctx.config.defaultLocale;
  const message = await sampleMessage(ctx, renderer, newsletter, locale, query.topics);
  return query.format === "html" ? message.html : message.text;
}
