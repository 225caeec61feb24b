/** Just enough XML writing for RSS and Atom: escaped text and attributes, nothing unclosed. */

/** Characters XML 1.0 forbids anywhere, even escaped: one in a title would break the document. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

type Attributes = Record<string, string | undefined>;

const attributeText = (attributes: Attributes) =>
  Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join("");

/** `<name attr="…">text</name>`, or self-closed without text. */
export function element(name: string, text?: string, attributes: Attributes = {}): string {
  const open = `${name}${attributeText(attributes)}`;
  return text === undefined ? `<${open}/>` : `<${open}>${escapeXml(text)}</${name}>`;
}

/** `<name attr="…">children</name>` around elements already written. */
export function parent(name: string, children: string[], attributes: Attributes = {}): string {
  return `<${name}${attributeText(attributes)}>${children.join("")}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
