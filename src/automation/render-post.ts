import type { Ctx } from "../shared/context.js";
import type { Renderer } from "../templates/render.js";
import { getTemplate } from "../templates/service.js";
import type { RenderPost } from "./planner.js";

/**
 * Renders a rule's template: the database override if there is one, else the shipped file. Each
 * template is read once per renderer (one planning pass), not once per post.
 */
export function postRenderer(ctx: Ctx, renderer: Renderer): RenderPost {
  const sources = new Map<string, Promise<string>>();
  return async (template, locale, context, at) => {
    const name = `posts/${locale}/${template}`;
    let source = sources.get(name);
    if (!source) {
      source = getTemplate(ctx, ctx.templateFiles, name).then((found) => found.effective);
      sources.set(name, source);
    }
    return renderer.render(await source, context, { locale, now: at });
  };
}
