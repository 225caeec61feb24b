import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/record.js";
import { templateOverrides } from "../db/schema/index.js";
import { assertVersion } from "../shared/concurrency.js";
import { type Ctx, withTransaction } from "../shared/context.js";
import { AppError, notFound } from "../shared/errors.js";
import type { TemplateFiles } from "./files.js";
import { checkTemplateSyntax } from "./syntax.js";

type OverrideRow = typeof templateOverrides.$inferSelect;

const overrideOutput = (row: OverrideRow | undefined) =>
  row ? { body: row.body, version: row.version, updatedAt: row.updatedAt.toISOString() } : null;

/** File templates and database overrides, by name; an override wins over the file. */
export async function listTemplates(ctx: Ctx, files: TemplateFiles) {
  const [names, overrides] = await Promise.all([
    files.list(),
    ctx.db.select().from(templateOverrides),
  ]);
  const byName = new Map(overrides.map((row) => [row.name, row]));
  const all = [...new Set([...names, ...byName.keys()])].sort();
  return all.map((name) => {
    const override = byName.get(name);
    return {
      name,
      hasFile: names.includes(name),
      override: override
        ? { version: override.version, updatedAt: override.updatedAt.toISOString() }
        : null,
    };
  });
}

export async function getTemplate(ctx: Ctx, files: TemplateFiles, name: string) {
  const [file, [override]] = await Promise.all([
    files.read(name),
    ctx.db.select().from(templateOverrides).where(eq(templateOverrides.name, name)),
  ]);
  if (file === null && !override) throw notFound("Template", name);
  return {
    name,
    file,
    override: overrideOutput(override),
    effective: override?.body ?? file ?? "",
  };
}

/** Saves an override after checking it compiles: a broken template never reaches the scheduler. */
export async function putTemplateOverride({
  ctx,
  files,
  name,
  body,
  expectedVersion,
}: {
  ctx: Ctx;
  files: TemplateFiles;
  name: string;
  body: string;
  expectedVersion: number | undefined;
}) {
  const syntax = checkTemplateSyntax(body);
  if (syntax) {
    throw new AppError(
      "validation_failed",
      `Template ${name} does not compile: line ${syntax.line}, column ${syntax.column}: ${syntax.message}`,
      {
        issues: [
          { path: "body.body", message: syntax.message, line: syntax.line, column: syntax.column },
        ],
      },
    );
  }
  // Overrides replace shipped templates; a name with no file is most likely a typo.
  if ((await files.read(name)) === null) throw notFound("Template", name);
  return withTransaction(ctx, async (tx) => {
    const [current] = await tx.db
      .select()
      .from(templateOverrides)
      .where(eq(templateOverrides.name, name))
      .for("update");
    if (!current && expectedVersion !== undefined) {
      throw new AppError(
        "version_conflict",
        `Template ${name} has no override (someone may have removed it); reload it and try again`,
      );
    }
    if (current) {
      if (expectedVersion === undefined) {
        throw new AppError(
          "precondition_required",
          `Template ${name} already has an override; send its version (If-Match) to replace it`,
        );
      }
      assertVersion("Template", name, current.version, expectedVersion);
    }
    const now = tx.clock.now();
    const [row] = current
      ? await tx.db
          .update(templateOverrides)
          .set({ body, version: current.version + 1, updatedAt: now })
          .where(eq(templateOverrides.id, current.id))
          .returning()
      : await tx.db
          .insert(templateOverrides)
          .values({ name, body, createdAt: now, updatedAt: now })
          // Two first overrides at once: the loser waits for the winner, then must not 500.
          .onConflictDoNothing({ target: templateOverrides.name })
          .returning();
    if (!row) {
      throw new AppError(
        "precondition_required",
        `Template ${name} was just given an override by someone else; read it and send its version (If-Match) to replace it`,
      );
    }
    await recordAudit(tx, {
      action: current ? "update" : "create",
      entityType: "template",
      entityId: name,
      before: overrideOutput(current),
      after: overrideOutput(row),
    });
    return getTemplate(tx, files, name);
  });
}

/** Removing the override brings back the file template. */
export async function deleteTemplateOverride({
  ctx,
  files,
  name,
}: {
  ctx: Ctx;
  files: TemplateFiles;
  name: string;
}) {
  return withTransaction(ctx, async (tx) => {
    const [removed] = await tx.db
      .delete(templateOverrides)
      .where(eq(templateOverrides.name, name))
      .returning();
    if (!removed) throw notFound("Template override", name);
    await recordAudit(tx, {
      action: "delete",
      entityType: "template",
      entityId: name,
      before: overrideOutput(removed),
    });
    return getTemplate(tx, files, name).catch(() => null);
  });
}
