import { eq } from "drizzle-orm";
import type { Locale } from "../config.js";
import { subscribers } from "../db/schema/index.js";
import type { Deps } from "../deps.js";
import { withTransaction } from "../shared/context.js";
import { recordConsent } from "./consent.js";
import { queuePatronEmail } from "./emails.js";
import { patronCtx } from "./patron-ctx.js";
import { consentWording, type Topic } from "./wording.js";

export interface SubscriptionRequest {
  email: string;
  name: string | null;
  locale: Locale;
  topics: Topic[];
}

/**
 * Double opt-in, step one. Whatever the address's state, the patron sees the same answer and an
 * email is owed to the address: a confirmation link for a new, pending or unsubscribed address;
 * for an active one an "already subscribed" note with its manage links, and nothing changes (a
 * stranger must not be able to rewrite someone's choices). So the form tells nobody who
 * subscribes. The sender loop sends the email: the answer never waits for SMTP.
 */
export async function requestSubscription(
  deps: Deps,
  request: SubscriptionRequest,
  shownLocale: Locale,
): Promise<void> {
  const wording = consentWording.subscribe(shownLocale, deps.config.libraryName);
  await withTransaction(patronCtx(deps), async (tx) => {
    const now = tx.clock.now();
    const fields = { ...request, status: "pending", unsubscribedAt: null, updatedAt: now };
    // A concurrent sign-up of the same address waits here, then takes the "known" path below.
    const [created] = await tx.db
      .insert(subscribers)
      .values({ ...fields, createdAt: now })
      .onConflictDoNothing({ target: subscribers.email })
      .returning();
    let subscriber = created;
    if (!subscriber) {
      const [known] = await tx.db
        .select()
        .from(subscribers)
        .where(eq(subscribers.email, request.email))
        .for("update");
      if (!known) throw new Error("a subscriber vanished between insert and select");
      if (known.status === "active") {
        await queuePatronEmail(tx, "already-subscribed", known.id);
        return;
      }
      [subscriber] = await tx.db
        .update(subscribers)
        .set(fields)
        .where(eq(subscribers.id, known.id))
        .returning();
      if (!subscriber) throw new Error("update returned no row");
    }
    await recordConsent(tx, {
      subscriberId: subscriber.id,
      action: "requested",
      method: "web_form",
      wording,
      topics: request.topics,
    });
    await queuePatronEmail(tx, "confirm", subscriber.id);
  });
}
