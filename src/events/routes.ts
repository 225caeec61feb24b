import { resourceRoutes } from "../http/resource.js";
import { listEvents } from "./list.js";
import {
  CreateEventInput,
  Event,
  EventPage,
  ListEventsQuery,
  UpdateEventInput,
} from "./schemas.js";
import { cancelEvent, createEvent, getEvent, updateEvent } from "./service.js";

export const eventRoutes = resourceRoutes({
  path: "/events",
  tag: "Events",
  noun: "event",
  schemas: {
    create: CreateEventInput,
    update: UpdateEventInput,
    query: ListEventsQuery,
    item: Event,
    page: EventPage,
  },
  service: {
    list: (ctx, query) => listEvents({ ctx, query }),
    create: (ctx, input) => createEvent({ ctx, input }),
    get: (ctx, id) => getEvent({ ctx, id }),
    update: (ctx, id, input, ifMatch) => updateEvent({ ctx, id, input, ifMatch }),
    remove: (ctx, id, ifMatch) => cancelEvent({ ctx, id, ifMatch }),
  },
  writeRole: "editor",
  deletes: "soft",
  createCanConflict: false,
  removeSummary: "Cancel an event (editor): it stays visible with status cancelled",
});
