import { UnreadableInput } from "../record.js";
import { safeXmlStream } from "../xml.js";
import type { RawMarc } from "./iso2709.js";
import type { MarcField, MarcSubfield } from "./types.js";

/**
 * Reads MARCXML (a <collection> of <record>s, or one <record>) as a stream: each record is handed
 * out when its closing tag has been read, so a file of 100,000 records is never held whole.
 */
export async function* readMarcXml(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<RawMarc> {
  const ready: RawMarc[] = [];
  let number = 0;
  let depth = 0;
  let leader: string | null = null;
  let fields: MarcField[] | null = null;
  let datafield: { tag: string; ind1: string; ind2: string; subfields: MarcSubfield[] } | null =
    null;
  let code = "";
  const xml = safeXmlStream({
    open(name, attributes) {
      depth += 1;
      if (depth === 1 && name !== "collection" && name !== "record") {
        throw new UnreadableInput(
          `not MARCXML: the document is a <${name}>, not a <collection> of <record>s`,
        );
      }
      if (name === "record") {
        number += 1;
        leader = null;
        fields = [];
      } else if (name === "datafield") {
        datafield = {
          tag: attributes.tag ?? "",
          ind1: attributes.ind1 || " ",
          ind2: attributes.ind2 || " ",
          subfields: [],
        };
      } else if (name === "subfield") code = attributes.code ?? "";
      else if (name === "controlfield") code = attributes.tag ?? "";
    },
    close(name, text) {
      depth -= 1;
      if (!fields) return;
      if (name === "leader") leader = text;
      else if (name === "controlfield") fields.push({ tag: code, value: text.normalize("NFC") });
      else if (name === "subfield")
        datafield?.subfields.push({ code, value: text.normalize("NFC") });
      else if (name === "datafield" && datafield) {
        fields.push(datafield);
        datafield = null;
      } else if (name === "record") {
        ready.push(
          leader === null || leader.length !== 24
            ? { number, problem: { code: "bad_record", reason: "has no 24-character <leader>" } }
            : { number, record: { leader, fields } },
        );
        fields = null;
      }
    },
  });
  for await (const chunk of chunks) {
    xml.feed(chunk);
    yield* ready.splice(0);
  }
  xml.end();
  yield* ready.splice(0);
  if (number === 0) throw new UnreadableInput("the MARCXML has no <record>");
}
