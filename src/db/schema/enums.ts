/** Value lists shared by the schema (text columns with checks) and the API's zod schemas. */
export const eventKinds = [
  "literacy_session",
  "book_fair",
  "author_talk",
  "exhibition",
  "workshop",
  "cultural",
  "other",
] as const;
export type EventKind = (typeof eventKinds)[number];

export const eventStatuses = ["scheduled", "postponed", "cancelled"] as const;
export type EventStatus = (typeof eventStatuses)[number];

export const audiences = [
  "all",
  "children",
  "teens",
  "adults",
  "families",
  "seniors",
  "educators",
] as const;
export type Audience = (typeof audiences)[number];

export const roles = ["viewer", "editor", "publisher", "admin"] as const;
export type Role = (typeof roles)[number];

export const postChannels = ["x"] as const;
export type PostChannel = (typeof postChannels)[number];

export const postStatuses = ["draft", "approved", "published", "cancelled"] as const;
export type PostStatus = (typeof postStatuses)[number];

/** The outbox moves only forward: pending → sending → sent | failed | unknown; or → cancelled | missed. */
export const deliveryStatuses = [
  "pending",
  "sending",
  "sent",
  "failed",
  "unknown",
  "cancelled",
  "missed",
] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const locales = ["id", "en"] as const;

export const subscriberStatuses = ["pending", "active", "unsubscribed"] as const;

/** The emails a subscription change owes its patron. */
export const patronEmailKinds = ["confirm", "welcome", "already-subscribed"] as const;
export const patronEmailStatuses = ["pending", "sending", "sent", "failed", "skipped"] as const;

export const topics = ["events", "literacy_sessions", "children", "new_books"] as const;

export const newsletterStatuses = [
  "draft",
  "approved",
  "sending",
  "paused",
  "sent",
  "cancelled",
] as const;

export const recipientStatuses = ["pending", "sending", "sent", "failed", "cancelled"] as const;

export const ruleTriggers = ["event_offset", "schedule"] as const;

export const sourceKinds = ["ics", "csv", "marc", "oai_pmh", "koha"] as const;

export const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");
