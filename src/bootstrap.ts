import path from "node:path";
import { systemActor } from "./auth/actor.js";
import { createXChannel } from "./channels/x/index.js";
import type { Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { lockDataDir } from "./db/data-dir-lock.js";
import type { Deps } from "./deps.js";
import { resolveLinkSecret } from "./mail/link-secret.js";
import { createLinkSigner } from "./mail/links.js";
import { createPreviewMailer } from "./mail/preview.js";
import { createSmtpMailer } from "./mail/smtp.js";
import { systemClock } from "./shared/clock.js";
import type { Ctx } from "./shared/context.js";
import { rootCause } from "./shared/errors.js";
import { createLogger } from "./shared/logger.js";
import { nodeTemplateFiles } from "./templates/node-files.js";
import { createRenderer } from "./templates/render.js";

export interface Runtime {
  deps: Deps;
  /** A context acting as Warta itself, for start-up work and the CLI. */
  systemCtx: Ctx;
  close(): Promise<void>;
}

/** Opens (and migrates) the database and builds the one Deps object of a Node process. */
export async function bootstrap(config: Config): Promise<Runtime> {
  const unlock = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.databasePoolSize,
    });
    await database.migrate().catch(async (err: unknown) => {
      await database.close().catch(() => {});
      throw new Error(`${describeDatabase(config)}: ${rootCause(err)}`);
    });
    const mailer = config.mail.smtpUrl
      ? createSmtpMailer({
          url: config.mail.smtpUrl,
          from: config.mail.from,
          maxConnections: config.mail.connections,
        })
      : createPreviewMailer({
          dir: path.join(config.dataDir, "outbox", "mail"),
          from: config.mail.from,
        });
    const deps = nodeDeps({
      db: database.db,
      config,
      clock: systemClock,
      logger: createLogger(config.logLevel),
      mailer,
      links: createLinkSigner(await resolveLinkSecret(database.db, config)),
      channels: {
        x: createXChannel({
          credentials: config.x.credentials ?? undefined,
          apiBaseUrl: config.x.apiBaseUrl,
          previewDir: path.join(config.dataDir, "outbox", "x"),
          linkPolicy: config.x.linkPolicy,
        }),
      },
    });
    return {
      deps,
      systemCtx: {
        db: deps.db,
        clock: deps.clock,
        config,
        actor: systemActor,
        templateFiles: deps.templateFiles,
      },
      close: async () => {
        await mailer.close();
        await database.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/**
 * The one Deps of a Node process from its parts: the templates on disk and a renderer in the
 * library's time zone come with it. Tests and benchmarks bring their own clock and channels.
 */
export function nodeDeps(
  parts: Pick<Deps, "db" | "config" | "clock" | "logger" | "channels" | "mailer" | "links">,
): Deps {
  const { config, clock } = parts;
  return {
    ...parts,
    templateFiles: nodeTemplateFiles(config.templatesDir),
    renderer: createRenderer({
      timeZone: config.timeZone,
      libraryName: config.libraryName,
      publicBaseUrl: config.publicBaseUrl,
      now: () => clock.now(),
    }),
  };
}

/** Where the database is, without the password. */
function describeDatabase(config: Config): string {
  if (!config.databaseUrl) return `the embedded database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `the Postgres server at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
