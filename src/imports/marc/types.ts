/** A MARC 21 record as both containers (ISO 2709 and MARCXML) and Koha's MARC-in-JSON carry it. */
export interface MarcRecord {
  leader: string;
  fields: MarcField[];
}

export type MarcField =
  | { tag: string; value: string }
  | { tag: string; ind1: string; ind2: string; subfields: MarcSubfield[] };

export interface MarcSubfield {
  code: string;
  value: string;
}

export const isDataField = (
  field: MarcField,
): field is Extract<MarcField, { subfields: MarcSubfield[] }> => "subfields" in field;
