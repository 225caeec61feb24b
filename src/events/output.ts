import type { EventRow } from "../db/schema/index.js";

/** The API's view of an event: a whitelist, never the raw row. */
export function toEventOutput(row: EventRow) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    summary: row.summary,
    description: row.description,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    allDay: row.allDay,
    location: row.location,
    audience: row.audience as EventOutput["audience"],
    capacity: row.capacity,
    registration: row.registrationUrl ?? (row.registrationRequired ? "required" : null),
    imageUrl: row.imageUrl,
    tags: row.tags,
    status: row.status as EventOutput["status"],
    facilitator: row.facilitator,
    topic: row.topic,
    targetGroup: row.targetGroup,
    source: row.sourceId ? { id: row.sourceId, uid: row.externalUid } : null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type EventOutput = {
  audience: "all" | "children" | "teens" | "adults" | "families" | "seniors" | "educators";
  status: "scheduled" | "postponed" | "cancelled";
};
