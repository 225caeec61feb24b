import { recordAudit } from "../audit/record.js";
import type { Locale } from "../config.js";
import { newMessageId } from "../mail/list-headers.js";
import type { Mailer, SendOutcome } from "../mail/mailer.js";
import type { Ctx } from "../shared/context.js";
import { rootCause } from "../shared/errors.js";
import type { Renderer } from "../templates/render.js";
import { sampleMessage } from "./preview.js";
import { findNewsletter } from "./service.js";

const testPrefix: Record<Locale, string> = { id: "[UJI]", en: "[TEST]" };

/**
 * Sends the whole issue (every topic) to a few staff addresses, marked as a test, with sample
 * links. Straight through the mailer: no ledger rows, nothing a subscriber could receive.
 */
export async function testSendNewsletter({
  ctx,
  renderer,
  mailer,
  id,
  input,
}: {
  ctx: Ctx;
  renderer: Renderer;
  mailer: Mailer;
  id: string;
  input: { addresses: string[]; locale?: Locale };
}) {
  const newsletter = await findNewsletter(ctx, id);
  const locale = input.locale ?? ctx.config.defaultLocale;
  const message = await sampleMessage(ctx, renderer, newsletter, locale);
  const results = [];
  for (const address of input.addresses) {
    const outcome: SendOutcome = await mailer
      .send({
        to: address,
        ...message,
        subject: `${testPrefix[locale]} ${message.subject}`,
        messageId: newMessageId(ctx.config),
      })
      .catch((err: unknown) => ({ kind: "temporary", code: null, reason: rootCause(err) }));
    results.push({
      address,
      outcome: outcome.kind,
      message: outcome.kind === "sent" ? outcome.response : outcome.reason,
    });
  }
  await recordAudit(ctx, {
    action: "test_send",
    entityType: "newsletter",
    entityId: id,
    after: {
      locale,
      addresses: results.length,
      sent: results.filter((r) => r.outcome === "sent").length,
    },
  });
  return { results };
}
