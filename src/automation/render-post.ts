import type { Ctx } from "../shared/context.js";
import type { Renderer } from "../templates/render.js";
import { getTemplate } from "../templates/service.js";
import type { RenderPost } from "./planner.js";

/** Renders a rule's template: the database override if there is one, else the shipped file. */
export function postRenderer(ctx: Ctx, renderer: Renderer): RenderPost {
  return async (template, locale, context, at) => {
    const { effective } = await getTemplate(ctx, ctx.templateFiles, `posts/${locale}/${template}`);
    return renderer.render(effective, context, { locale, now: at });
  };
}
