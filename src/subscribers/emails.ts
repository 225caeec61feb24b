import type { Locale } from "../config.js";
import type { Deps } from "../deps.js";
import { listHeaders, newMessageId } from "../mail/list-headers.js";
import { renderEmail } from "../mail/render.js";
import { confirmUrl, manageLinks } from "./links.js";
import type { SubscriberRow } from "./output.js";
import { patronCtx } from "./patron-ctx.js";
import { UNCONFIRMED_KEPT_DAYS } from "./retention.js";
import { type Topic, topicLabels } from "./wording.js";

export type PatronEmail = "confirm" | "welcome" | "already-subscribed";

type Recipient = Pick<SubscriberRow, "id" | "email" | "name" | "locale" | "topics">;

/**
 * Renders and sends one of the subscription emails, always after the change it follows is
 * committed. A failure is logged and reported as false, never thrown: the patron's page must not
 * turn into an error, and submitting the form again sends another.
 *
 * A confirmation goes to an address that has not agreed to anything yet: it carries no list
 * headers. Welcome and already-subscribed go to subscribers and carry the manage links.
 */
export async function sendPatronEmail(
  deps: Deps,
  kind: PatronEmail,
  recipient: Recipient,
): Promise<boolean> {
  try {
    const locale = recipient.locale as Locale;
    const data: Record<string, unknown> = {
      name: recipient.name,
      topics: (recipient.topics as Topic[]).map((topic) => topicLabels[locale][topic]),
    };
    let headers: Record<string, string> | undefined;
    if (kind === "confirm") {
      data.confirmUrl = confirmUrl(deps, recipient.id);
      data.keptDays = UNCONFIRMED_KEPT_DAYS;
    } else {
      const links = manageLinks(deps, recipient.id);
      data.links = links;
      headers = listHeaders(deps.config, links.token);
    }
    const email = await renderEmail(patronCtx(deps), deps.renderer, kind, locale, data);
    const outcome = await deps.mailer.send({
      to: recipient.email,
      ...email,
      messageId: newMessageId(deps.config),
      ...(headers ? { headers } : {}),
    });
    if (outcome.kind === "sent") return true;
    deps.logger.warn("subscription email not sent", {
      kind,
      subscriberId: recipient.id,
      outcome: outcome.kind,
      reason: outcome.reason,
    });
  } catch (err) {
    deps.logger.error("subscription email failed", {
      kind,
      subscriberId: recipient.id,
      err: String(err),
    });
  }
  return false;
}
