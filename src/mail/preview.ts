import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Mailer } from "./mailer.js";

/**
 * Preview mode: without SMTP_URL every message is built exactly as it would be sent and written
 * as an .eml file (open it in any mail program). The file appears whole or not at all.
 */
export function createPreviewMailer(options: { dir: string; from: string }): Mailer {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    mode: "preview",
    async send(message) {
      const info = await builder.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: message.headers,
      });
      await mkdir(options.dir, { recursive: true });
      const name = `${Date.now()}-${message.messageId.replace(/[^A-Za-z0-9._-]/g, "_")}.eml`;
      const file = path.join(options.dir, name);
      await writeFile(`${file}.tmp`, info.message as Buffer);
      await rename(`${file}.tmp`, file);
      return { kind: "sent", response: "written in preview mode", preview: file };
    },
    async close() {},
  };
}
