import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import type { Ctx } from "../shared/context.js";
import type { CsvMapping } from "./csv/mapping.js";
import { readCsv } from "./csv/read-csv.js";
import { fileSource } from "./file-source.js";
import { type RawMarc, readIso2709 } from "./marc/iso2709.js";
import { readMarcXml } from "./marc/marcxml.js";
import { fromMarc } from "./marc/to-record.js";
import { type ImportMode, type ImportSummary, runImport } from "./pipeline.js";
import type { ReadResult } from "./record.js";

export type FileFormat = "csv" | "marc" | "marcxml";
export const fileFormats = ["csv", "marc", "marcxml"] as const;

export interface FileImportOptions {
  /** Guessed from the file name's extension, else from the first bytes, when absent. */
  format?: FileFormat;
  /** Check every record and report, writing nothing. */
  dryRun?: boolean;
  /** good_rows writes the records that pass and lists the rest; all_or_nothing (the default) writes only a flawless file. */
  mode?: ImportMode;
  onProgress?: (done: number) => void;
  /** The source the records are keyed under; the same name next time updates instead of duplicating. */
  sourceName?: string;
  csv?: { mapping?: CsvMapping; delimiter?: string };
}

/** Imports a catalogue export (CSV, MARC 21 binary or MARCXML) into acquisitions. */
export async function importAcquisitionsFile(
  ctx: Ctx,
  path: string,
  options: FileImportOptions = {},
): Promise<ImportSummary> {
  const format = options.format ?? (await guessFormat(path));
  const kind = format === "csv" ? "csv" : "marc";
  const sourceName =
    options.sourceName?.trim() || (kind === "csv" ? "Impor berkas CSV" : "Impor berkas MARC");
  return runImport(ctx, {
    format,
    read: () => readFile(path, format, options.csv ?? {}),
    source: (tx) => fileSource(tx, kind, sourceName),
    mode: options.mode ?? "all_or_nothing",
    dryRun: options.dryRun ?? false,
    onProgress: options.onProgress,
  });
}

function readFile(
  path: string,
  format: FileFormat,
  csv: { mapping?: CsvMapping; delimiter?: string },
): AsyncIterable<ReadResult> {
  if (format === "csv") return readCsv(path, csv);
  // Node's default 64 KB chunks: a 256 KB chunk outlived the young generation while its records
  // were parsed, and the copies piled up in the old one (some 25 MB more peak RSS at 100,000).
  const chunks = createReadStream(path);
  return marcResults(format === "marc" ? readIso2709(chunks) : readMarcXml(chunks));
}

export async function* marcResults(raw: AsyncIterable<RawMarc>): AsyncGenerator<ReadResult> {
  for await (const item of raw) {
    const where = { record: item.number };
    if ("problem" in item) yield { where, problem: item.problem };
    else yield { where, record: fromMarc(item.record) };
  }
}

/** By extension, else by content: a MARC leader starts with five digits, XML with "<". */
export async function guessFormat(path: string): Promise<FileFormat> {
  const extension = extname(path).toLowerCase();
  if ([".csv", ".tsv", ".txt"].includes(extension)) return "csv";
  if ([".mrc", ".marc", ".iso", ".iso2709"].includes(extension)) return "marc";
  if ([".xml", ".marcxml"].includes(extension)) return "marcxml";
  const file = await open(path, "r");
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(64), 0, 64, 0);
    return formatOf(buffer.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}

export function formatOf(head: Uint8Array): FileFormat {
  const text = Buffer.from(head)
    .toString("latin1")
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, "");
  if (/^\s*</.test(text)) return "marcxml";
  if (/^\d{5}[acdnp ]/.test(text)) return "marc";
  return "csv";
}
