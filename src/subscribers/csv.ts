/**
 * One CSV field (RFC 4180). Free text typed by the public is also kept from being read as a
 * spreadsheet formula ("=HYPERLINK(…)" as a name): it gets a leading apostrophe.
 */
export function csvField(value: string | null, { freeText = false } = {}): string {
  let text = value ?? "";
  if (freeText && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (fields: string[]) => `${fields.join(",")}\r\n`;
