import { eq } from "drizzle-orm";
import { systemActor } from "../../auth/actor.js";
import type { Locale } from "../../config.js";
import { newsletters } from "../../db/schema/index.js";
import type { Deps } from "../../deps.js";
import { listHeaders, patronUrls } from "../../mail/list-headers.js";
import type { SendOutcome } from "../../mail/mailer.js";
import { rootCause } from "../../shared/errors.js";
import { deliverPatronEmails } from "../../subscribers/emails.js";
import { type Edition, personalizeEncoded, prepareEditions } from "../edition.js";
import { type ClaimedRecipient, claimRecipients, releaseExpiredLeases } from "./claim.js";
import { startDueNewsletters } from "./ledger.js";
import { createRateLimiter } from "./rate-limit.js";
import { finishSentNewsletters, type RecipientResult, recordResults } from "./record.js";

export interface SenderOptions {
  /** Rows claimed per round: the most a crash can re-send. */
  batchSize?: number;
  /** How long claimed rows are this sender's before another may take them over. */
  leaseMs?: number;
  /** Rest between rounds when nothing is due. */
  idleMs?: number;
}

export interface RoundReport {
  /** Subscription emails (confirm, welcome, already subscribed) tried this round. */
  patronEmails: number;
  started: number;
  claimed: number;
  sent: number;
  failed: number;
  retrying: number;
  skipped: number;
  finished: string[];
}

/** Answers that mean "slow down" from the server (or no answer at all), not "this address is bad". */
const isThrottling = (outcome: SendOutcome) =>
  outcome.kind === "temporary" &&
  (outcome.code === null || outcome.code === 421 || outcome.code === 451 || outcome.code === 452);

const THROTTLE_FIRST_MS = 1_000;
const THROTTLE_MAX_MS = 60_000;

/**
 * Sends newsletters from the recipient ledger: each round sends the subscription emails owed to
 * patrons, starts due issues, takes back rows of dead senders, claims a batch, sends it through the one pooled mailer within the rate limits,
 * and records the batch. When the server throttles, the sender itself slows down (doubling pauses)
 * instead of hammering it; each throttled row also waits its own backoff.
 */
export function createNewsletterSender(deps: Deps, options: SenderOptions = {}) {
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? deps.config.leaseMs;
  const idleMs = options.idleMs ?? 2_000;
  const limiter = createRateLimiter(deps.config.mail);
  const editions = new Map<string, Promise<Record<Locale, Edition>>>();
  let throttleMs = 0;

  const editionsOf = (newsletterId: string) => {
    let found = editions.get(newsletterId);
    if (!found) {
      found = deps.db
        .select()
        .from(newsletters)
        .where(eq(newsletters.id, newsletterId))
        .then(([issue]) => {
          if (!issue) throw new Error(`Newsletter ${newsletterId} is gone`);
          return prepareEditions(
            {
              db: deps.db,
              clock: deps.clock,
              config: deps.config,
              actor: systemActor,
              templateFiles: deps.templateFiles,
            },
            deps.renderer,
            issue,
          );
        });
      found.catch(() => editions.delete(newsletterId));
      editions.set(newsletterId, found);
    }
    return found;
  };

  const sendOne = async (row: ClaimedRecipient): Promise<RecipientResult> => {
    if (!row.subscriberId || !row.email)
      return { row, skipped: "The subscriber deleted themselves" };
    if (row.subscriberStatus !== "active") return { row, skipped: "The subscriber unsubscribed" };
    const byLocale = await editionsOf(row.newsletterId);
    const edition = byLocale[row.locale as Locale] ?? byLocale[deps.config.defaultLocale];
    const token = deps.links.sign("manage", row.subscriberId);
    const message =
      edition &&
      personalizeEncoded(edition, {
        topics: row.topics ?? [],
        links: patronUrls(deps.config, token),
      });
    if (!message) return { row, skipped: "Nothing in this issue for the subscriber's topics" };
    await limiter.take();
    const outcome = await deps.mailer.send({
      to: row.email,
      ...message,
      messageId: row.messageId,
      headers: listHeaders(deps.config, token),
    });
    return { row, outcome };
  };

  async function round(): Promise<RoundReport> {
    // First: a patron is waiting for these, and there are few.
    const patronEmails = await deliverPatronEmails(deps, { beforeEach: () => limiter.take() });
    const now = deps.clock.now();
    const started = await startDueNewsletters(deps.db, now);
    await releaseExpiredLeases(deps.db, now);
    const claimed = await claimRecipients(deps.db, {
      now,
      limit: batchSize,
      leaseMs,
      domain: deps.config.mail.domain,
    });
    // A few messages per connection in flight, built just before sending: memory stays flat
    // however large the batch.
    const results: RecipientResult[] = [];
    let next = 0;
    const worker = async () => {
      for (let row = claimed[next++]; row; row = claimed[next++]) {
        const claimedRow = row;
        results.push(
          await sendOne(claimedRow).catch(
            (err: unknown): RecipientResult => ({
              row: claimedRow,
              outcome: { kind: "temporary", code: null, reason: rootCause(err) },
            }),
          ),
        );
      }
    };
    await Promise.all(Array.from({ length: deps.config.mail.connections * 2 }, worker));
    await recordResults(deps.db, results, deps.clock.now());
    // A full batch leaves more to claim: only a short one can have taken an issue's last rows.
    const finished =
      claimed.length < batchSize ? await finishSentNewsletters(deps.db, deps.clock.now()) : [];
    for (const id of finished) editions.delete(id);

    const outcomes = results.flatMap((r) => ("outcome" in r ? [r.outcome] : []));
    throttleMs = outcomes.some(isThrottling)
      ? Math.min(THROTTLE_MAX_MS, Math.max(THROTTLE_FIRST_MS, throttleMs * 2))
      : 0;
    return {
      patronEmails,
      started: started.length,
      claimed: claimed.length,
      sent: outcomes.filter((o) => o.kind === "sent").length,
      failed: outcomes.filter((o) => o.kind === "permanent").length,
      retrying: outcomes.filter((o) => o.kind === "temporary").length,
      skipped: results.length - outcomes.length,
      finished,
    };
  }

  let stopping = false;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  const rest = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    round,
    /** The pause the server's throttling currently asks for (0: none). */
    get throttleMs() {
      return throttleMs;
    },
    /** Runs rounds until stopped: back to back while there is work, resting when there is none. */
    start() {
      loop ??= (async () => {
        while (!stopping) {
          try {
            const report = await round();
            if (
              report.patronEmails + report.claimed + report.started > 0 ||
              report.finished.length > 0
            ) {
              deps.logger.debug("newsletter round", {
                ...report,
                finished: report.finished.length,
              });
            }
            for (const id of report.finished) deps.logger.info("newsletter sent", { id });
            if (throttleMs > 0) await rest(throttleMs);
            else if (report.patronEmails + report.claimed === 0) await rest(idleMs);
          } catch (err) {
            deps.logger.error("newsletter round failed", { err: rootCause(err) });
            await rest(idleMs);
          }
        }
      })();
    },
    /** Finishes the round in progress (its batch is recorded), then stops. */
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
