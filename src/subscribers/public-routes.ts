import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Locale } from "../config.js";
import type { Deps } from "../deps.js";
import type { AppEnv } from "../http/env.js";
import type { SubscriberRow } from "./output.js";
import { notice } from "./pages/layout.js";
import { type FormField, type SubscribeValues, subscribePage } from "./pages/subscribe-page.js";
import { texts } from "./pages/texts.js";
import {
  confirmPage,
  deletePage,
  notFoundPage,
  preferencesPage,
  unsubscribePage,
} from "./pages/token-pages.js";
import {
  confirmSubscription,
  eraseSubscriber,
  subscriberByToken,
  subscriberData,
  unsubscribe,
  updatePreferences,
} from "./patron.js";
import { patronCtx } from "./patron-ctx.js";
import { clientAddress, pageLocale } from "./public-request.js";
import { slidingWindowLimiter } from "./rate-limit.js";
import { PreferencesForm, SubscribeForm } from "./schemas.js";
import { requestSubscription } from "./subscribe.js";
import { consentWording } from "./wording.js";

const MAX_FORM_BYTES = 16 * 1024;
const RATE_LIMIT = { limit: 5, windowMs: 10 * 60_000 };

type Form = { values: Record<string, unknown>; json: boolean };

/** Form-encoded (the page) or JSON (a library website's own form); anything else reads as empty. */
async function readForm(c: Context<AppEnv>): Promise<Form> {
  const json = /application\/json/i.test(c.req.header("content-type") ?? "");
  try {
    const body: unknown = json ? await c.req.json() : await c.req.parseBody({ all: true });
    const values = body && typeof body === "object" && !Array.isArray(body) ? body : {};
    return { values: values as Record<string, unknown>, json };
  } catch {
    return { values: {}, json };
  }
}

const asText = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * The patron's pages: sign up, confirm, preferences, data, delete, unsubscribe. Plain HTML
 * forms that work without JavaScript; no login, the signed link is the key. Not under /api, so
 * no API token is asked for.
 */
export function subscriberPages(deps: Deps) {
  const byClient = slidingWindowLimiter({ ...RATE_LIMIT, clock: deps.clock });
  const byEmail = slidingWindowLimiter({ ...RATE_LIMIT, clock: deps.clock });
  let proxyWarned = false;
  const clientOf = (c: Context<AppEnv>) => {
    if (deps.config.trustedProxies === 0 && c.req.header("x-forwarded-for") && !proxyWarned) {
      // Likely behind a proxy nobody told us about: every sign-up would count as the proxy's own.
      proxyWarned = true;
      deps.logger.warn(
        "Requests carry X-Forwarded-For but TRUSTED_PROXIES is 0: the sign-up rate limit sees the proxy, not the patron; set TRUSTED_PROXIES to the number of proxies in front of Warta",
      );
    }
    return clientAddress(c, deps.config.trustedProxies);
  };
  const formLimit = bodyLimit({
    maxSize: MAX_FORM_BYTES,
    onError: (c) => {
      const locale = pageLocale(c as Context<AppEnv>);
      const t = texts[locale];
      return notice(c as Context<AppEnv>, locale, t.tooLargeTitle, t.tooLarge, 413);
    },
  });

  const tooMany = (c: Context<AppEnv>, locale: Locale, json: boolean) => {
    c.header("Retry-After", String(RATE_LIMIT.windowMs / 1000));
    const t = texts[locale];
    if (json) return c.json({ error: { code: "rate_limited", message: t.tooMany } }, 429);
    return notice(c, locale, t.tooManyTitle, t.tooMany, 429);
  };

  /** Every token page starts here: a forged or stale link gets the friendly 404. */
  const withSubscriber =
    (
      purpose: "confirm" | "manage",
      handle: (
        c: Context<AppEnv, string>,
        found: { token: string; locale: Locale; subscriber: SubscriberRow },
      ) => Response | Promise<Response>,
    ) =>
    async (c: Context<AppEnv, string>) => {
      const token = c.req.param("token") ?? "";
      const subscriber = await subscriberByToken(deps, purpose, token);
      if (!subscriber) return notFoundPage(c, pageLocale(c));
      return handle(c, { token, locale: pageLocale(c, subscriber.locale), subscriber });
    };

  return new Hono<AppEnv>()
    .onError((err, c) => {
      deps.logger.error("public page failed", { path: c.req.routePath, err: String(err) });
      const t = texts[pageLocale(c)];
      return notice(c, pageLocale(c), t.errorTitle, t.error, 500);
    })
    .get("/subscribe", (c) => subscribePage(c, pageLocale(c)))
    .post("/subscribe", formLimit, async (c) => {
      const locale = pageLocale(c);
      const form = await readForm(c);
      if (!byClient.take(clientOf(c))) return tooMany(c, locale, form.json);
      const parsed = SubscribeForm.safeParse(form.values);
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))].filter(
          (f): f is FormField => f in texts[locale].errors,
        );
        if (form.json) {
          const issues = fields.map((f) => ({
            path: `body.${f}`,
            message: texts[locale].errors[f],
          }));
          const message = texts[locale].fixErrors;
          return c.json(
            { error: { code: "validation_failed", message, details: { issues } } },
            400,
          );
        }
        const values: SubscribeValues = {
          email: asText(form.values.email),
          name: asText(form.values.name),
          locale: asText(form.values.locale),
          topics: [form.values.topics].flat().filter((v): v is string => typeof v === "string"),
        };
        return subscribePage(c, locale, values, fields, 400);
      }
      const request = { ...parsed.data, locale: parsed.data.locale ?? locale };
      // Also per address: nobody can flood one inbox with confirmations from many machines.
      if (!byEmail.take(request.email)) return tooMany(c, locale, form.json);
      await requestSubscription(deps, request, locale);
      const t = texts[locale];
      if (form.json) return c.json({ status: "check_your_email", message: t.checkEmail }, 200);
      return notice(c, locale, t.checkEmailTitle, t.checkEmail);
    })
    .get(
      "/confirm/:token",
      withSubscriber("confirm", (c, { token, locale, subscriber }) => {
        const t = texts[locale];
        if (subscriber.status === "active") {
          return notice(c, locale, t.confirmedTitle, t.alreadyConfirmed);
        }
        if (subscriber.status === "unsubscribed") {
          return notice(c, locale, t.staleConfirmTitle, t.staleConfirm, 200, subscribeLink(locale));
        }
        return confirmPage(c, locale, token, subscriber.email);
      }),
    )
    .post(
      "/confirm/:token",
      formLimit,
      withSubscriber("confirm", async (c, { locale, subscriber }) => {
        const t = texts[locale];
        const result = await confirmSubscription(deps, subscriber.id, locale);
        if (result === "gone") return notFoundPage(c, locale);
        if (result === "unsubscribed") {
          return notice(c, locale, t.staleConfirmTitle, t.staleConfirm, 200, subscribeLink(locale));
        }
        const message = result === "confirmed" ? t.confirmed : t.alreadyConfirmed;
        return notice(c, locale, t.confirmedTitle, message);
      }),
    )
    .get(
      "/preferences/:token",
      withSubscriber("manage", (c, { token, locale, subscriber }) =>
        preferencesPage(c, locale, token, subscriber, { saved: c.req.query("saved") === "1" }),
      ),
    )
    .post(
      "/preferences/:token",
      formLimit,
      withSubscriber("manage", async (c, { token, locale, subscriber }) => {
        const parsed = PreferencesForm.safeParse((await readForm(c)).values);
        if (!parsed.success) {
          return preferencesPage(c, locale, token, subscriber, { topicsMissing: true });
        }
        const saved = await updatePreferences(deps, subscriber.id, parsed.data, locale);
        if (!saved) return notFoundPage(c, locale);
        // Post/redirect/get: reloading the page does not send the form again.
        return c.redirect(`/preferences/${token}?lang=${locale}&saved=1`, 303);
      }),
    )
    .get(
      "/preferences/:token/data",
      withSubscriber("manage", async (c, { locale, subscriber }) => {
        const data = await subscriberData(patronCtx(deps), subscriber.id);
        if (!data) return notFoundPage(c, locale);
        c.header("Cache-Control", "no-store");
        c.header("Content-Disposition", 'attachment; filename="my-subscription-data.json"');
        return c.json({ exportedAt: deps.clock.now().toISOString(), ...data }, 200);
      }),
    )
    .get(
      "/preferences/:token/delete",
      withSubscriber("manage", (c, { token, locale }) => deletePage(c, locale, token)),
    )
    .post(
      "/preferences/:token/delete",
      formLimit,
      withSubscriber("manage", async (c, { locale, subscriber }) => {
        const removed = await eraseSubscriber(patronCtx(deps), subscriber.id);
        if (!removed) return notFoundPage(c, locale);
        const t = texts[locale];
        return notice(c, locale, t.deletedTitle, t.deleted);
      }),
    )
    .get(
      "/unsubscribe/:token",
      withSubscriber("manage", (c, { token, locale, subscriber }) => {
        const t = texts[locale];
        if (subscriber.status === "unsubscribed") {
          return notice(c, locale, t.unsubscribedTitle, t.unsubscribed, 200, subscribeLink(locale));
        }
        return unsubscribePage(c, locale, token);
      }),
    )
    .post(
      "/unsubscribe/:token",
      formLimit,
      withSubscriber("manage", async (c, { locale, subscriber }) => {
        // RFC 8058: a mail program's one-click POST has this body, no cookies and no page shown.
        const body = new URLSearchParams(await c.req.text().catch(() => ""));
        const oneClick = body.get("List-Unsubscribe") === "One-Click";
        const result = await unsubscribe(patronCtx(deps), subscriber.id, {
          method: oneClick ? "one_click" : "web_form",
          wording: oneClick ? null : consentWording.unsubscribe(locale, deps.config.libraryName),
        });
        if (!result) return notFoundPage(c, locale);
        const t = texts[locale];
        return notice(c, locale, t.unsubscribedTitle, t.unsubscribed, 200, subscribeLink(locale));
      }),
    );
}

const subscribeLink = (locale: Locale) => ({
  href: `/subscribe?lang=${locale}`,
  label: texts[locale].toSubscribe,
});
