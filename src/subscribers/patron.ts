import { asc, eq } from "drizzle-orm";
import type { Locale } from "../config.js";
import {
  newsletterRecipients,
  newsletters,
  patronEmails,
  subscribers,
} from "../db/schema/index.js";
import type { Deps } from "../deps.js";
import type { LinkPurpose } from "../mail/links.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { type ConsentMethod, consentHistory, recordConsent } from "./consent.js";
import { queuePatronEmail } from "./emails.js";
import { type SubscriberRow, subscriberOutput } from "./output.js";
import { patronCtx } from "./patron-ctx.js";
import { consentWording, type Topic } from "./wording.js";

/** The subscriber a signed link names, or null for a forged link or a deleted subscriber. */
export async function subscriberByToken(
  deps: Deps,
  purpose: LinkPurpose,
  token: string,
): Promise<SubscriberRow | null> {
  const id = deps.links.verify(purpose, token);
  if (!id) return null;
  const [row] = await deps.db.select().from(subscribers).where(eq(subscribers.id, id));
  return row ?? null;
}

async function lockSubscriber(tx: Ctx, id: string) {
  const [row] = await tx.db.select().from(subscribers).where(eq(subscribers.id, id)).for("update");
  return row ?? null;
}

export type ConfirmResult = "confirmed" | "already_confirmed" | "unsubscribed" | "gone";

/**
 * Double opt-in, step two: the patron pressed the button on the page their link opened. A second
 * press changes nothing. A link from before an unsubscribe does not resubscribe anyone.
 */
export async function confirmSubscription(
  deps: Deps,
  id: string,
  shownLocale: Locale,
): Promise<ConfirmResult> {
  return withTransaction(patronCtx(deps), async (tx) => {
    const current = await lockSubscriber(tx, id);
    if (!current) return "gone";
    if (current.status === "active") return "already_confirmed";
    if (current.status === "unsubscribed") return "unsubscribed";
    const now = tx.clock.now();
    await tx.db
      .update(subscribers)
      .set({ status: "active", confirmedAt: now, updatedAt: now })
      .where(eq(subscribers.id, id));
    await recordConsent(tx, {
      subscriberId: id,
      action: "confirmed",
      method: "email_link",
      wording: consentWording.subscribe(shownLocale, tx.config.libraryName),
      topics: current.topics as Topic[],
    });
    await queuePatronEmail(tx, "welcome", id);
    return "confirmed";
  });
}

/** Saves topics and language; a change of topics is a consent event of its own. */
export async function updatePreferences(
  deps: Deps,
  id: string,
  input: { locale: Locale; topics: Topic[] },
  shownLocale: Locale,
): Promise<SubscriberRow | null> {
  return withTransaction(patronCtx(deps), async (tx) => {
    const current = await lockSubscriber(tx, id);
    if (!current) return null;
    const [saved] = await tx.db
      .update(subscribers)
      .set({ locale: input.locale, topics: input.topics, updatedAt: tx.clock.now() })
      .where(eq(subscribers.id, id))
      .returning();
    if (current.topics.join(",") !== input.topics.join(",")) {
      await recordConsent(tx, {
        subscriberId: id,
        action: "topics_changed",
        method: "web_form",
        wording: consentWording.topics(shownLocale),
        topics: input.topics,
        details: { previousTopics: current.topics },
      });
    }
    return saved ?? null;
  });
}

/**
 * Withdraws consent. Idempotent: unsubscribing again changes nothing and records nothing.
 * Runs inside the caller's transaction when there is one (staff add their audit entry).
 */
export async function unsubscribe(
  ctx: Ctx,
  id: string,
  how: { method: ConsentMethod; wording: string | null },
): Promise<{ subscriber: SubscriberRow; before: SubscriberRow; changed: boolean } | null> {
  return withTransaction(ctx, async (tx) => {
    const current = await lockSubscriber(tx, id);
    if (!current) return null;
    if (current.status === "unsubscribed") {
      return { subscriber: current, before: current, changed: false };
    }
    const now = tx.clock.now();
    const [subscriber] = await tx.db
      .update(subscribers)
      .set({ status: "unsubscribed", unsubscribedAt: now, updatedAt: now })
      .where(eq(subscribers.id, id))
      .returning();
    if (!subscriber) throw new Error("update returned no row");
    await recordConsent(tx, {
      subscriberId: id,
      action: "unsubscribed",
      ...how,
      topics: current.topics as Topic[],
    });
    return { subscriber, before: current, changed: true };
  });
}

/** Everything Warta holds about one subscriber (UU PDP right of access). */
export async function subscriberData(ctx: Ctx, id: string) {
  const [row] = await ctx.db.select().from(subscribers).where(eq(subscribers.id, id));
  if (!row) return null;
  const emails = await ctx.db
    .select({
      kind: patronEmails.kind,
      status: patronEmails.status,
      createdAt: patronEmails.createdAt,
      sentAt: patronEmails.sentAt,
    })
    .from(patronEmails)
    .where(eq(patronEmails.subscriberId, id))
    .orderBy(asc(patronEmails.id));
  const issues = await ctx.db
    .select({
      newsletterId: newsletterRecipients.newsletterId,
      subject: newsletters.subject,
      status: newsletterRecipients.status,
      sentAt: newsletterRecipients.sentAt,
    })
    .from(newsletterRecipients)
    .innerJoin(newsletters, eq(newsletters.id, newsletterRecipients.newsletterId))
    .where(eq(newsletterRecipients.subscriberId, id))
    .orderBy(asc(newsletterRecipients.id));
  return {
    subscriber: subscriberOutput(row),
    consent: await consentHistory(ctx.db, id),
    /** The subscription emails sent or owed to them, and the newsletters meant for them. */
    emails,
    newsletters: issues,
  };
}

/**
 * Deletes the subscriber and, by cascade, their consent records; the newsletter ledger keeps
 * what was sent, no longer saying to whom. Whether anything was there.
 */
export async function eraseSubscriber(ctx: Ctx, id: string): Promise<SubscriberRow | null> {
  return withTransaction(ctx, async (tx) => {
    await tx.db
      .update(newsletterRecipients)
      .set({ subscriberId: null })
      .where(eq(newsletterRecipients.subscriberId, id));
    const [removed] = await tx.db.delete(subscribers).where(eq(subscribers.id, id)).returning();
    return removed ?? null;
  });
}
