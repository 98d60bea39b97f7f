// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import Database from "better-sqlite3";
import { DumpFormatError, extractLrp } from "../cfdot/extract";
import { RecordReader } from "../cfdot/records";
import { IngestError, toIngestErrorData, type IngestErrorData } from "./errors";
import { Fold } from "./fold";
import { toLrpRow, type LrpRow } from "./lrp-row";
import { SPAN_WORK_COLUMNS, STAGE_COLUMNS, STAGE_LRP_TABLE, type StageColumn } from "./staging-columns";

/**
 * A staging file holds cf-apps LRPs of one upload as parsed by one thread, with that thread's share of the
 * per-app fold: a scratch SQLite file in the upload's scratch folder, never the database itself, so staging
 * takes no lock that other writers wait on. The writer appends every file of the upload into the first one,
 * merges the folds and publishes in one short transaction (lib/ingest/publish.ts).
 */
export { STAGE_COLUMNS, STAGE_LRP_TABLE } from "./staging-columns";

/** Each thread stages into its own file in the upload's scratch folder. */
export const stagingFile = (folder: string, thread: number | "main") => `${folder}/${thread}.db`;

/** Rows per insert transaction: large enough to amortise the commit, small enough to keep memory flat. */
const ROWS_PER_FLUSH = 2000;

export interface Staging {
  db: Database.Database;
  insert: (rows: LrpRow[]) => void;
  /** this file's share of the per-app fold */
  fold: Fold;
}

const sqlValue = (v: LrpRow[StageColumn]) => (typeof v === "boolean" ? (v ? 1 : 0) : v);

export function openStaging(file: string): Staging {
  const db = new Database(file);
  // scratch data: a crash loses nothing that matters, so skip the journal and fsyncs
  db.pragma("journal_mode = OFF");
  db.pragma("synchronous = OFF");
  db.exec(`CREATE TABLE IF NOT EXISTS ${STAGE_LRP_TABLE} (${STAGE_COLUMNS.join(", ")}, ${SPAN_WORK_COLUMNS})`);
  const stmt = db.prepare(`INSERT INTO ${STAGE_LRP_TABLE} (${STAGE_COLUMNS.join(", ")}) VALUES (${STAGE_COLUMNS.map(() => "?").join(", ")})`);
  const insert = db.transaction((rows: LrpRow[]) => {
    for (const r of rows) stmt.run(STAGE_COLUMNS.map((c) => sqlValue(r[c])));
  });
  return { db, insert, fold: new Fold() };
}

/** Writes the file's share of the fold, indexes what publishing looks LRPs up by, and closes the file. */
export function closeStaging(s: Staging): void {
  s.fold.write(s.db);
  s.db.exec(`CREATE INDEX IF NOT EXISTS lrp_process ON ${STAGE_LRP_TABLE} (processGuid)`);
  s.db.close();
}

/** More distinct non-cf-apps domains than this are counted together, so a hostile dump cannot grow the counts without bound. */
export const MAX_OTHER_DOMAINS = 32;
export const OTHER_DOMAINS_OVERFLOW = "other";

/**
 * Counts of LRPs outside cf-apps by domain. A Map, not an object: a domain named `__proto__` or
 * `constructor` is just a name.
 */
export class DomainCounts {
  readonly counts = new Map<string, number>();
  add(domain: string, n = 1): void {
    const key = this.counts.has(domain) || this.counts.size < MAX_OTHER_DOMAINS ? domain : OTHER_DOMAINS_OVERFLOW;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  addAll(from: [string, number][]): void {
    for (const [d, n] of from) this.add(d, n);
  }
  entries(): [string, number][] {
    return [...this.counts];
  }
}

export interface StagedBlock {
  /** records of any domain */
  records: number;
  otherDomains: [string, number][];
  warnings: string[];
}

/** Parses dump bytes and stages their cf-apps LRPs; other domains are only counted. */
export function stageRecords(staging: Staging, reader: (onRow: (r: LrpRow) => void) => RecordReader) {
  const otherDomains = new DomainCounts();
  let rows: LrpRow[] = [];
  const flush = () => {
    if (rows.length) staging.insert(rows);
    rows = [];
  };
  const rr = reader((r) => {
    if (r.domain !== "cf-apps" || !r.appGuid) {
      otherDomains.add(r.domain);
      return;
    }
    staging.fold.add(r);
    rows.push(r);
    if (rows.length >= ROWS_PER_FLUSH) flush();
  });
  return { rr, otherDomains, flush };
}

/** One block of whole NDJSON lines (the dump's last block may end without a newline). */
export function stageBlock(staging: Staging, buf: Buffer, firstLine: number, last: boolean): StagedBlock {
  const { rr, otherDomains, flush } = stageRecords(staging, (onRow) => new RecordReader((v, line) => onRow(toLrpRow(extractLrp(v, line))), firstLine));
  rr.write(buf);
  const warnings = rr.end();
  flush();
  return { records: rr.records, otherDomains: otherDomains.entries(), warnings: last ? warnings : [] };
}

/** A block parsed by a thread that does not own the staging file: its cf-apps rows go to the thread that does. */
export interface ParsedBlock extends StagedBlock {
  rows: LrpRow[];
}

export function parseBlock(buf: Buffer, firstLine: number, last: boolean): ParsedBlock {
  const rows: LrpRow[] = [];
  const otherDomains = new DomainCounts();
  const rr = new RecordReader((v, line) => {
    const r = toLrpRow(extractLrp(v, line));
    if (r.domain !== "cf-apps" || !r.appGuid) otherDomains.add(r.domain);
    else rows.push(r);
  }, firstLine);
  rr.write(buf);
  const warnings = rr.end();
  return { rows, records: rr.records, otherDomains: otherDomains.entries(), warnings: last ? warnings : [] };
}

/** Stages rows another thread parsed. */
export function stageRows(staging: Staging, rows: LrpRow[]): StagedBlock {
  for (const r of rows) staging.fold.add(r);
  staging.insert(rows);
  return { records: 0, otherDomains: [], warnings: [] };
}

/** A block's outcome as it crosses from a worker: bad content (with its line), or an infrastructure failure. */
export type BlockReply =
  | ({ ok: true } & StagedBlock)
  | { ok: false; format: { message: string; line: number } }
  | { ok: false; error: IngestErrorData }
  | { ok: false; failure: { name: string; code: string | null; message: string } };

/** SQLite and the OS say a disk is full in these words. */
const isDiskFull = (code: string | null) => code === "SQLITE_FULL" || code === "ENOSPC";

/** Runs a staging step and describes its outcome. Infrastructure errors are kept apart from bad content: never a 422 for a full disk. */
export function blockReply(run: () => StagedBlock): BlockReply {
  try {
    return { ok: true, ...run() };
  } catch (e) {
    return failureReply(e);
  }
}

export function failureReply(e: unknown): Exclude<BlockReply, { ok: true }> {
  if (e instanceof DumpFormatError) return { ok: false, format: { message: e.message, line: e.line } };
  if (e instanceof IngestError) return { ok: false, error: toIngestErrorData(e) };
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as { code?: unknown }).code;
  const c = typeof code === "string" ? code : null;
  if (isDiskFull(c)) return { ok: false, error: { kind: "disk_full", message: "the server's disk is full: the upload was not stored", details: {} } };
  // better-sqlite3 and fs messages name files and SQL, never dump bytes
  return { ok: false, failure: { name: err.name, code: c, message: err.message } };
}

/** Turns a failed reply back into the error it stands for. */
export function replyError(r: Exclude<BlockReply, { ok: true }>): Error {
  if ("format" in r) return new DumpFormatError(r.format.message, r.format.line);
  if ("error" in r) return new IngestError(r.error.kind, r.error.message, r.error.details);
  const e = new Error(r.failure.message);
  e.name = r.failure.name;
  Object.assign(e, { code: r.failure.code });
  return e;
}
