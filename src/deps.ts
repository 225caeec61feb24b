import type { Channel } from "./channels/channel.js";
import type { Config } from "./config.js";
import type { Database } from "./db/database.js";
import type { PostChannel } from "./db/schema/enums.js";
import type { LinkSigner } from "./mail/links.js";
import type { Mailer } from "./mail/mailer.js";
import type { Clock } from "./shared/clock.js";
import type { Logger } from "./shared/logger.js";
import type { TemplateFiles } from "./templates/files.js";
import type { Renderer } from "./templates/render.js";

/** Everything the app needs from the outside world, built once per process (or per request on Workers). */
export interface Deps {
  db: Database;
  clock: Clock;
  config: Config;
  logger: Logger;
  templateFiles: TemplateFiles;
  /** Where posts go out, one per channel kind; in preview mode without credentials. */
  channels: Record<PostChannel, Channel>;
  /** Handlebars with the date, hashtag and text helpers, in the library's time zone. */
  renderer: Renderer;
  /** Where emails go out: pooled SMTP, or .eml files in preview mode. */
  mailer: Mailer;
  /** Signs and checks the links in patrons' emails. */
  links: LinkSigner;
}
