import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Clock, systemClock } from "../shared/clock.js";
import type { Mailer } from "./mailer.js";
import { buildMime } from "./mime.js";

/**
 * Preview mode: without SMTP_URL every message is built exactly as it would be sent and written
 * as an .eml file (open it in any mail program). The file appears whole or not at all.
 */
export function createPreviewMailer(options: { dir: string; from: string; clock?: Clock }): Mailer {
  const clock = options.clock ?? systemClock;
  return {
    mode: "preview",
    async send(message) {
      await mkdir(options.dir, { recursive: true });
      const now = clock.now();
      const name = `${now.getTime()}-${message.messageId.replace(/[^A-Za-z0-9._-]/g, "_")}.eml`;
      const file = path.join(options.dir, name);
      await writeFile(`${file}.tmp`, buildMime(message, options.from, now));
      await rename(`${file}.tmp`, file);
      return { kind: "sent", response: "written in preview mode", preview: file };
    },
    async close() {},
  };
}
