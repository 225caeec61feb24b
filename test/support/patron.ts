/**
 * What a patron's mailbox and browser do. Reads the .eml files the
 * preview mailer wrote (parsed by mailparser, as a mail program would) and posts forms the way a
 * browser does, without an API token.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { deliverPatronEmails } from "../../src/subscribers/emails.js";
import type { TestApp } from "./app.js";

export interface Mail {
  raw: string;
  parsed: ParsedMail;
}

/** Every message the preview mailer wrote to `address`, in the order written. */
export async function mailsTo(dir: string, address: string): Promise<Mail[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith(".eml")).sort();
  const raws = await Promise.all(files.map((name) => readFile(path.join(dir, name), "utf8")));
  // Parsing is the slow part: only messages that mention the address at all.
  const mails = await Promise.all(
    raws
      .filter((raw) => raw.includes(address))
      .map(async (raw) => ({ raw, parsed: await simpleParser(raw) })),
  );
  return mails.filter(({ parsed }) => {
    const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
    return to.includes(address);
  });
}

/** A header as sent, unfolded (mailparser restructures the List-* headers). */
export function headerOf(mail: Mail, name: string): string | undefined {
  const head = (mail.raw.split(/\r?\n\r?\n/)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  const prefix = `${name.toLowerCase()}:`;
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(prefix));
  return line?.slice(prefix.length).trim();
}

/** The first link in a mail's text part that starts with `prefix` (e.g. the app's /confirm/). */
export function linkIn(mail: Mail, prefix: string): string {
  const links = (mail.parsed.text ?? "").match(/https?:\/\/\S+/g) ?? [];
  const found = links.filter((link) => link.startsWith(prefix));
  if (found.length === 0) throw new Error(`no ${prefix} link in:\n${mail.parsed.text}`);
  return found[0] as string;
}

/** The path and query of a link, to request it from the test app. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

export type FormFields = Record<string, string | string[]>;

export function encodeForm(fields: FormFields): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of [value].flat()) body.append(name, item);
  }
  return body.toString();
}

/** What the sender loop does in the background: sends every subscription email owed now. */
export async function sendOwedEmails(t: TestApp) {
  while ((await deliverPatronEmails(t.deps)) > 0);
}

/** A browser with no API token, from one client address. */
export function browser(t: TestApp, address = "198.51.100.1") {
  const headers = (extra: Record<string, string> = {}) => ({
    "x-forwarded-for": address,
    ...extra,
  });
  return {
    get: (url: string, extra?: Record<string, string>) =>
      t.request("GET", url, { token: null, headers: headers(extra) }),
    /** Then the emails it owed go out, as the sender loop would send them. */
    post: async (url: string, fields: FormFields = {}, extra?: Record<string, string>) => {
      const res = await t.request("POST", url, {
        token: null,
        raw: encodeForm(fields),
        headers: headers({ "content-type": "application/x-www-form-urlencoded", ...extra }),
      });
      await sendOwedEmails(t);
      return res;
    },
  };
}
