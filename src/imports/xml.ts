import { SaxesParser, type SaxesTag } from "saxes";
import { UnreadableInput } from "./record.js";

/** A text longer than this in one element is junk, not a catalogue field: the rest is dropped. */
const MAX_TEXT = 100_000;

export interface XmlHandlers {
  /** An element opens: its local name (prefix dropped, namespaces vary between exports) and attributes. */
  open(name: string, attributes: Record<string, string>): void;
  /** An element closes, with the text directly and indirectly inside it since `capture` began. */
  close(name: string, text: string): void;
}

/**
 * Streams XML through saxes for catalogue data, refusing what a catalogue never sends: a DOCTYPE
 * (the door to entity expansion, "billion laughs", and external entities), entities other than
 * XML's five, and encodings other than UTF-8 (MARCXML and OAI-PMH are UTF-8 by definition).
 * `feed` returns after each chunk, so callers can hand out what completed before reading more.
 */
export function safeXmlStream(handlers: XmlHandlers) {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const texts: string[] = [];
  parser.on("doctype", () => {
    throw new UnreadableInput("the XML has a DOCTYPE, which catalogue data never needs: refused");
  });
  parser.on("xmldecl", (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) {
      throw new UnreadableInput(`the XML says encoding="${decl.encoding}"; only UTF-8 is accepted`);
    }
  });
  parser.on("opentag", (tag: SaxesTag) => {
    texts.push("");
    handlers.open(localName(tag.name), tag.attributes as Record<string, string>);
  });
  const addText = (text: string) => {
    const last = texts.length - 1;
    if (last >= 0 && (texts[last]?.length ?? 0) < MAX_TEXT) texts[last] += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", (tag: SaxesTag) => {
    const text = texts.pop() ?? "";
    const last = texts.length - 1;
    if (last >= 0 && (texts[last]?.length ?? 0) < MAX_TEXT) texts[last] += text;
    handlers.close(localName(tag.name), text);
  });
  const guard = (work: () => void) => {
    try {
      work();
    } catch (err) {
      if (err instanceof UnreadableInput) throw err;
      throw new UnreadableInput(`the XML is not well-formed: ${(err as Error).message}`);
    }
  };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return {
    feed(chunk: Uint8Array | string) {
      guard(() => {
        parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
      });
    },
    end() {
      guard(() => {
        parser.write(decoder.decode());
        parser.close();
      });
    },
  };
}

const localName = (name: string) => name.slice(name.indexOf(":") + 1);
