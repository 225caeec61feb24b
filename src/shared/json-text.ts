/**
 * A JSON document already serialized (by Postgres, for the busiest lists): sent as is, never
 * parsed and stringified again on the way out.
 */
export class JsonText {
  constructor(readonly text: string) {}
}

/** `{"items":[...],"nextCursor":...}` from items that are each JSON text already. */
export const jsonPage = (items: string[], nextCursor: string | null) =>
  new JsonText(`{"items":[${items.join(",")}],"nextCursor":${JSON.stringify(nextCursor)}}`);
