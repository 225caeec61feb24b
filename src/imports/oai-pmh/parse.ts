import { UnreadableInput } from "../record.js";
import { safeXmlStream } from "../xml.js";

export interface OaiRecord {
  identifier: string;
  datestamp: string | null;
  /** header status="deleted": the repository withdrew the record. */
  deleted: boolean;
  /** Dublin Core elements by local name (title, creator, identifier…), in document order. */
  dc: Map<string, string[]>;
}

export interface OaiPage {
  responseDate: string | null;
  errors: { code: string; message: string }[];
  records: OaiRecord[];
  /** The resumption token; null when the list is complete (absent or empty element). */
  token: string | null;
}

/** One OAI-PMH ListRecords response (oai_dc), read with the same DOCTYPE-refusing parser as MARCXML. */
export function parseOaiPage(body: string): OaiPage {
  const page: OaiPage = { responseDate: null, errors: [], records: [], token: null };
  const path: string[] = [];
  let errorCode = "";
  let record: OaiRecord | null = null;
  const xml = safeXmlStream({
    open(name, attributes) {
      if (path.length === 0 && name !== "OAI-PMH") {
        throw new UnreadableInput(`not an OAI-PMH response: the document is a <${name}>`);
      }
      path.push(name);
      if (name === "record")
        record = { identifier: "", datestamp: null, deleted: false, dc: new Map() };
      else if (name === "header" && record) record.deleted = attributes.status === "deleted";
      else if (name === "error") errorCode = attributes.code ?? "unknown";
    },
    close(name, text) {
      path.pop();
      const parent = path.at(-1);
      const value = text.trim();
      if (name === "responseDate" && parent === "OAI-PMH") page.responseDate = value;
      else if (name === "error" && parent === "OAI-PMH")
        page.errors.push({ code: errorCode, message: value });
      else if (name === "resumptionToken") page.token = value || null;
      else if (record && parent === "header" && name === "identifier") record.identifier = value;
      else if (record && parent === "header" && name === "datestamp") record.datestamp = value;
      else if (record && parent === "dc" && value) {
        record.dc.set(name, [...(record.dc.get(name) ?? []), value]);
      } else if (record && name === "record") {
        page.records.push(record);
        record = null;
      }
    },
  });
  xml.feed(body);
  xml.end();
  return page;
}
