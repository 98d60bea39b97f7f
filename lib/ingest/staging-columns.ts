// Runs inside the ingest workers as well as in the server: relative imports only (compiled to CommonJS).
import type { LrpRow } from "./lrp-row";

/**
 * The one definition of the columns an upload stages per cf-apps LRP: the staging DDL and insert
 * (lib/ingest/staging.ts) and the span merge's state columns (lib/ingest/spans.ts LRP_SPANS) come from it.
 */
export const STAGE_COLUMNS = [
  "line", "processGuid", "appGuid", "processType", "instances", "memoryMb", "diskMb", "rootfs", "privileged",
  "placementTags", "annotation", "hints",
] as const satisfies readonly (keyof LrpRow)[];
export type StageColumn = (typeof STAGE_COLUMNS)[number];

export const STAGE_LRP_TABLE = "lrp";

/** Columns the span merge keeps per staged row: done, and the ids of the spans on either side that match. */
export const SPAN_WORK_COLUMNS = "done INTEGER NOT NULL DEFAULT 0, leftId INTEGER, rightId INTEGER";
