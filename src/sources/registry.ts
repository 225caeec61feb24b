import type { sourceKinds } from "../db/schema/enums.js";
import { syncKohaSource } from "../imports/koha/sync.js";
import { syncOaiPmhSource } from "../imports/oai-pmh/sync.js";
import { syncIcsSource } from "./ics/syncer.js";
import type { SourceSyncer } from "./syncer.js";

export type SourceKind = (typeof sourceKinds)[number];

/** The syncer that pulls each kind of source; undefined: imported from files only (the CLI). */
export const sourceSyncers: Record<SourceKind, SourceSyncer | undefined> = {
  ics: syncIcsSource,
  oai_pmh: syncOaiPmhSource,
  koha: syncKohaSource,
  csv: undefined,
  marc: undefined,
};
