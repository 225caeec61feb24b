import { assertVersion, requireVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError } from "../shared/errors.js";
import { composeSections } from "./compose.js";
import { generatedTexts } from "./period.js";
import type { RecomposeNewsletterInput } from "./schemas.js";
import { assertEditable, lockNewsletter, saveDraft } from "./service.js";

/**
 * Reads the content store again (for a new period, if given) and replaces the sections. Texts
 * still as generated follow the new period; texts a person wrote stay.
 */
export async function recomposeNewsletter({
  ctx,
  id,
  input,
  ifMatch,
}: {
  ctx: Ctx;
  id: string;
  input: RecomposeNewsletterInput;
  ifMatch: number | undefined;
}) {
  const expected = requireVersion(ifMatch, input.version);
  return withTransaction(ctx, async (tx) => {
    const current = await lockNewsletter(tx, id);
    assertVersion("Newsletter", id, current.version, expected);
    assertEditable(tx, current);
    const oldPeriod = { start: current.periodStart ?? "", end: current.periodEnd ?? "" };
    const period =
      input.periodStart && input.periodEnd
        ? { start: input.periodStart, end: input.periodEnd }
        : oldPeriod;
    if (!period.start || !period.end) {
      throw new AppError("validation_failed", `Newsletter ${id} has no period; give one`, {
        issues: [{ path: "body.periodStart", message: "required: this issue has no period" }],
      });
    }
    const before = generatedTexts(oldPeriod, tx.config.libraryName);
    const after = generatedTexts(period, tx.config.libraryName);
    const follow = <T>(value: T, was: T, next: T) => (value === was ? next : value);
    return saveDraft(
      tx,
      current,
      {
        sections: await composeSections(tx, period),
        periodStart: period.start,
        periodEnd: period.end,
        subject: follow(current.subject, before.subject.id, after.subject.id),
        subjectEn: follow(current.subjectEn, before.subject.en, after.subject.en),
        intro: follow(current.intro, before.intro.id, after.intro.id),
        introEn: follow(current.introEn, before.intro.en, after.intro.en),
      },
      "recompose",
    );
  });
}
