import { HORIZON_DAYS } from "../../automation/planner.js";
import type { Ctx } from "../../shared/context.js";
import { FeedError } from "../errors.js";
import { fetchFeedText } from "../fetch.js";
import { calendarSettingsOf } from "../settings.js";
import type { SourceRow, SourceSyncer, SyncSummary } from "../syncer.js";
import { applyCalendar } from "./apply.js";
import { readCalendar } from "./read.js";

/** Pulls an iCalendar feed (conditionally: an unchanged feed costs one 304). */
export const syncIcsSource: SourceSyncer = async (ctx, source, fetch) => {
  if (!source.url) {
    throw new FeedError("unusable", "This source has no URL; upload a calendar file to it instead");
  }
  const answer = await fetchFeedText(fetch, source.url, {
    etag: source.etag,
    lastModified: source.lastModified,
  });
  if (answer.notModified) {
    return { created: 0, updated: 0, unchanged: 0, cancelled: 0, rejected: [], notModified: true };
  }
  return { ...(await importCalendarText(ctx, source, answer.text)), validators: answer.validators };
};

/**
 * Imports a calendar's text into a source's events. Events that ended before now are left out
 * (a Google Calendar export holds years of them), recurrences are expanded up to the planning
 * horizon, and an unusable calendar throws FeedError before anything is written.
 */
export async function importCalendarText(
  ctx: Ctx,
  source: SourceRow,
  text: string,
): Promise<SyncSummary> {
  const settings = calendarSettingsOf(source.settings);
  const now = ctx.clock.now();
  const calendar = readCalendar(text, {
    now,
    horizonEnd: new Date(now.getTime() + HORIZON_DAYS * 86_400_000),
    timeZone: ctx.config.timeZone,
    settings,
  });
  const counts = await applyCalendar(ctx, source, calendar, settings.defaultAudience);
  return { ...counts, rejected: calendar.rejected };
}
