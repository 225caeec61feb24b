import type { MarcField, MarcRecord, MarcSubfield } from "../marc/types.js";

/**
 * MARC-in-JSON (Koha's application/marc-in-json, as MARC::Record::MiJ writes it):
 * { "leader": "…", "fields": [ { "001": "…" }, { "245": { "ind1", "ind2", "subfields": [ { "a": "…" } ] } } ] }
 * Returns null for anything not of that shape.
 */
export function fromMarcInJson(value: unknown): MarcRecord | null {
  if (!isObject(value) || typeof value.leader !== "string" || !Array.isArray(value.fields))
    return null;
  const fields: MarcField[] = [];
  for (const entry of value.fields) {
    if (!isObject(entry)) return null;
    for (const [tag, body] of Object.entries(entry)) {
      if (typeof body === "string") fields.push({ tag, value: body.normalize("NFC") });
      else if (isObject(body) && Array.isArray(body.subfields)) {
        const subfields: MarcSubfield[] = body.subfields.flatMap((sub: unknown) =>
          isObject(sub)
            ? Object.entries(sub).flatMap(([code, text]) =>
                typeof text === "string" ? [{ code, value: text.normalize("NFC") }] : [],
              )
            : [],
        );
        fields.push({
          tag,
          ind1: String(body.ind1 ?? " "),
          ind2: String(body.ind2 ?? " "),
          subfields,
        });
      }
    }
  }
  return { leader: value.leader, fields };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
