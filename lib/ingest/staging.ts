// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import Database from "better-sqlite3";
import { DumpFormatError, extractLrp } from "../cfdot/extract";
import { RecordReader } from "../cfdot/records";
import { Fold } from "./fold";
import { toLrpRow, type LrpRow } from "./lrp-row";

/**
 * A staging file holds the cf-apps LRPs of one upload as parsed by one thread: a scratch SQLite file beside
 * the database, never the database itself, so staging takes no lock that other writers wait on. Publishing
 * attaches the files and merges them in one short transaction (lib/ingest/ingest.ts).
 */
export const STAGING_COLUMNS = [
  "line", "processGuid", "appGuid", "processType", "instances", "memoryMb", "diskMb", "rootfs", "privileged",
  "placementTags", "annotation", "hints",
] as const satisfies readonly (keyof LrpRow)[];

/** Each thread stages into its own file per upload: `<base>-<thread>.db`. */
export const stagingFile = (base: string, thread: number | "main") => `${base}-${thread}.db`;

export interface Staging {
  db: Database.Database;
  insert: (rows: LrpRow[]) => void;
  /** this file's share of the per-app fold */
  fold: Fold;
}

export function openStaging(file: string): Staging {
  const db = new Database(file);
  // scratch data: a crash loses nothing that matters, so skip the journal and fsyncs
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(
    `CREATE TABLE IF NOT EXISTS lrp (${STAGING_COLUMNS.join(", ")}, done INTEGER NOT NULL DEFAULT 0, leftId INTEGER, rightId INTEGER)`,
  );
  const stmt = db.prepare(`INSERT INTO lrp (${STAGING_COLUMNS.join(", ")}) VALUES (${STAGING_COLUMNS.map(() => "?").join(", ")})`);
  const insert = db.transaction((rows: LrpRow[]) => {
    for (const r of rows) {
      stmt.run(
        r.line, r.processGuid, r.appGuid, r.processType, r.instances, r.memoryMb, r.diskMb, r.rootfs,
        r.privileged ? 1 : 0, r.placementTags, r.annotation, r.hints,
      );
    }
  });
  return { db, insert, fold: new Fold() };
}

/** Writes the file's share of the fold, indexes what publishing joins on, and closes the file. */
export function closeStaging(s: Staging): void {
  s.fold.write(s.db);
  s.db.exec(`CREATE INDEX IF NOT EXISTS lrp_process ON lrp (processGuid)`);
  s.db.close();
}

export interface StagedBlock {
  /** records of any domain */
  records: number;
  otherDomains: Record<string, number>;
  warnings: string[];
}

/** Parses dump bytes from `firstLine` on and stages their cf-apps LRPs; other domains are only counted. */
export function stageRecords(staging: Staging, reader: (onRow: (r: LrpRow) => void) => RecordReader) {
  const otherDomains: Record<string, number> = {};
  let rows: LrpRow[] = [];
  const flush = () => {
    if (rows.length) staging.insert(rows);
    rows = [];
  };
  const rr = reader((r) => {
    if (r.domain !== "cf-apps" || !r.appGuid) {
      otherDomains[r.domain] = (otherDomains[r.domain] ?? 0) + 1;
      return;
    }
    staging.fold.add(r);
    rows.push(r);
    if (rows.length >= 2000) flush();
  });
  return { rr, otherDomains, flush };
}

/** One block of whole NDJSON lines (the dump's last block may end without a newline). */
export function stageBlock(staging: Staging, buf: Buffer, firstLine: number, last: boolean): StagedBlock {
  const { rr, otherDomains, flush } = stageRecords(staging, (onRow) => new RecordReader((v, line) => onRow(toLrpRow(extractLrp(v, line))), firstLine));
  rr.write(buf);
  const warnings = rr.end();
  flush();
  return { records: rr.records, otherDomains, warnings: last ? warnings : [] };
}

export type BlockReply = ({ ok: true } & StagedBlock) | { ok: false; message: string; line: number };

export function blockReply(run: () => StagedBlock): BlockReply {
  try {
    return { ok: true, ...run() };
  } catch (e) {
    if (e instanceof DumpFormatError) return { ok: false, message: e.message, line: e.line };
    return { ok: false, message: "the dump could not be staged", line: 0 };
  }
}
