import type { Context } from "hono";
import { html } from "hono/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Locale } from "../../config.js";
import { locales, topics } from "../../db/schema/enums.js";
import type { AppEnv } from "../../http/env.js";
import { consentWording, topicLabels } from "../wording.js";
import { action, page } from "./layout.js";
import { texts } from "./texts.js";

export type FormField = "email" | "name" | "locale" | "topics";

export interface SubscribeValues {
  email?: string;
  name?: string;
  locale?: string;
  topics?: string[];
}

/** The sign-up form; after a bad submission, again with what was typed and what to fix. */
export function subscribePage(
  c: Context<AppEnv>,
  locale: Locale,
  values: SubscribeValues = {},
  errors: FormField[] = [],
  status: ContentfulStatusCode = 200,
) {
  const t = texts[locale];
  const error = (field: FormField) =>
    errors.includes(field) ? html`<p class="error" id="${field}-error">${t.errors[field]}</p>` : "";
  const chosenLocale = values.locale ?? locale;
  return page(
    c,
    locale,
    t.subscribeTitle,
    html`<p>${t.subscribeIntro}</p>
${errors.length ? html`<p class="error" role="alert">${t.fixErrors}</p>` : ""}
<form method="post" action="${action("/subscribe", locale)}">
<label for="email">${t.email}</label>${error("email")}
<input type="email" id="email" name="email" required maxlength="254" autocomplete="email" value="${values.email ?? ""}">
<label for="name">${t.name}</label>${error("name")}
<input type="text" id="name" name="name" maxlength="100" autocomplete="given-name" value="${values.name ?? ""}">
<label for="locale">${t.language}</label>${error("locale")}
<select id="locale" name="locale">${locales.map(
      (l) =>
        html`<option value="${l}"${l === chosenLocale ? " selected" : ""}>${t.languages[l]}</option>`,
    )}</select>
<fieldset><legend>${t.topics}</legend>${error("topics")}${topics.map(
      (topic) =>
        html`<label><input type="checkbox" name="topics" value="${topic}"${
          values.topics?.includes(topic) ? " checked" : ""
        }> ${topicLabels[locale][topic]}</label>`,
    )}</fieldset>
<h2>${t.consent}</h2>
<p class="consent">${consentWording.subscribe(locale, c.get("deps").config.libraryName)}</p>
<button type="submit">${t.subscribe}</button>
</form>`,
    status,
  );
}
