import type { Deps } from "../deps.js";
import { patronUrls } from "../mail/list-headers.js";

/**
 * A subscriber's signed manage token and where it leads (preferences, one-click unsubscribe).
 * Every email to a subscriber carries these; the newsletter sender uses them too.
 */
export function manageLinks(
  deps: Pick<Deps, "links" | "config">,
  subscriberId: string,
): { token: string; preferences: string; unsubscribe: string } {
  const token = deps.links.sign("manage", subscriberId);
  return { token, ...patronUrls(deps.config, token) };
}

/** The link in a confirmation email: opens a page with a button (GET never confirms). */
export function confirmUrl(deps: Pick<Deps, "links" | "config">, subscriberId: string) {
  return `${deps.config.publicBaseUrl}/confirm/${deps.links.sign("confirm", subscriberId)}`;
}
