import type { Context } from "hono";
import { html } from "hono/html";
import type { Locale } from "../../config.js";
import { locales, topics } from "../../db/schema/enums.js";
import type { AppEnv } from "../../http/env.js";
import type { SubscriberRow } from "../output.js";
import { consentWording, topicLabels } from "../wording.js";
import { action, notice, page } from "./layout.js";
import { texts } from "./texts.js";

/** Forged, mangled, or its subscriber deleted: one friendly answer for all. */
export const notFoundPage = (c: Context<AppEnv>, locale: Locale) =>
  notice(c, locale, texts[locale].notFoundTitle, texts[locale].notFound, 404, {
    href: action("/subscribe", locale),
    label: texts[locale].toSubscribe,
  });

/** A button, not a link: mail scanners open links, and opening must not confirm. */
export function confirmPage(c: Context<AppEnv>, locale: Locale, token: string, email: string) {
  const t = texts[locale];
  return page(
    c,
    locale,
    t.confirmTitle,
    html`<p>${t.confirmFor} <strong>${email}</strong>.</p>
<p class="consent">${consentWording.subscribe(locale, c.get("deps").config.libraryName)}</p>
<form method="post" action="${action(`/confirm/${token}`, locale)}"><button type="submit">${t.confirmButton}</button></form>`,
  );
}

export function preferencesPage(
  c: Context<AppEnv>,
  locale: Locale,
  token: string,
  subscriber: SubscriberRow,
  state: { saved?: boolean; topicsMissing?: boolean } = {},
) {
  const t = texts[locale];
  const base = `/preferences/${token}`;
  const note =
    subscriber.status === "pending"
      ? t.pendingNote
      : subscriber.status === "unsubscribed"
        ? t.unsubscribedNote
        : "";
  return page(
    c,
    locale,
    t.preferencesTitle,
    html`<p>${t.confirmFor} <strong>${subscriber.email}</strong>.</p>
${note ? html`<p>${note}</p>` : ""}
${state.saved ? html`<p class="ok" role="status">${t.saved}</p>` : ""}
<form method="post" action="${action(base, locale)}">
<label for="locale">${t.language}</label>
<select id="locale" name="locale">${locales.map(
      (l) =>
        html`<option value="${l}"${l === subscriber.locale ? " selected" : ""}>${t.languages[l]}</option>`,
    )}</select>
<fieldset><legend>${t.topics}</legend>${
      state.topicsMissing ? html`<p class="error" role="alert">${t.errors.topics}</p>` : ""
    }${topics.map(
      (topic) =>
        html`<label><input type="checkbox" name="topics" value="${topic}"${
          subscriber.topics.includes(topic) ? " checked" : ""
        }> ${topicLabels[locale][topic]}</label>`,
    )}</fieldset>
<p class="consent">${consentWording.topics(locale)}</p>
<button type="submit">${t.save}</button>
</form>
<h2>${t.yourData}</h2>
<p><a href="${base}/data">${t.download}</a></p>
<p><a href="${action(`${base}/delete`, locale)}">${t.deleteMe}</a></p>
${subscriber.status === "unsubscribed" ? "" : html`<p><a href="${action(`/unsubscribe/${token}`, locale)}">${t.unsubscribe}</a></p>`}`,
    state.topicsMissing ? 400 : 200,
  );
}

export function deletePage(c: Context<AppEnv>, locale: Locale, token: string) {
  const t = texts[locale];
  const base = `/preferences/${token}`;
  return page(
    c,
    locale,
    t.deleteTitle,
    html`<p>${t.deleteBody}</p>
<form method="post" action="${action(`${base}/delete`, locale)}"><button type="submit">${t.deleteButton}</button></form>
<p><a href="${action(base, locale)}">${t.cancel}</a></p>`,
  );
}

export function unsubscribePage(c: Context<AppEnv>, locale: Locale, token: string) {
  const t = texts[locale];
  return page(
    c,
    locale,
    t.unsubscribeTitle,
    html`<p class="consent">${consentWording.unsubscribe(locale, c.get("deps").config.libraryName)}</p>
<form method="post" action="${action(`/unsubscribe/${token}`, locale)}"><button type="submit">${t.unsubscribe}</button></form>`,
  );
}
