import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { databasePath } from "@/lib/db/url";
import { IngestError } from "./errors";
import { stageDump } from "./parse-dump";
import type { SnapshotRow } from "./publish";
import { deleteFoundationInWriter, deleteSnapshotInWriter, publishInWriter, scheduleCheckpoint } from "./writer";

export { toSnapshotRow, type SnapshotRow } from "./publish";

export interface IngestInput {
  foundation: string;
  capturedAt: Date;
  /** the authenticated actor, recorded on the snapshot */
  actor: string;
  /** decompressed dump bytes */
  dump: Readable;
  /** the client's address, for the audit log, when known */
  address?: string | null;
}

export interface IngestResult {
  snapshot: SnapshotRow;
  duplicate: boolean;
  /** where the time went, for the server log: receiving and parsing, combining the staging files, the publishing transaction */
  timings: { stageMs: number; copyMs: number; foldMs: number; checkMs: number; publishMs: number };
  /** how many threads staged a share of the dump (one staging file each) */
  threads: number;
}

/** Dumps older than this predate Diego itself: the time is a mistake. */
export const EARLIEST_CAPTURE = Date.UTC(2010, 0, 1);
/** Clocks differ a little between a cell and this server; more than this in the future is a mistake. */
export const FUTURE_SLACK_MS = 10 * 60 * 1000;

/**
 * A capture time must be plausible: one upload dated in the future would make every real upload after it
 * a back-fill, freezing the foundation's latest state.
 */
export function checkCapturedAt(at: Date, now = Date.now()): void {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new IngestError("invalid", "capturedAt is not a time");
  if (t > now + FUTURE_SLACK_MS) {
    throw new IngestError("invalid", "capturedAt lies in the future: pass the time the dump was taken (ISO-8601, UTC), or leave it out for now");
  }
  if (t < EARLIEST_CAPTURE) throw new IngestError("invalid", "capturedAt is before 2010: pass the time the dump was taken (ISO-8601, UTC)");
}

/** Where scratch folders of uploads in progress live: beside the database, on the same disk. */
export function scratchRoot(): string {
  const file = databasePath();
  return path.join(file === ":memory:" ? process.cwd() : path.dirname(path.resolve(file)), "staging");
}

/** One scratch folder per upload, named after this process so that a restart can tell leftovers from live uploads. */
function scratchFolder(): string {
  const dir = path.join(scratchRoot(), `upload-${process.pid}-${randomBytes(6).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Stages one dump in scratch files while it streams in (no lock on the shared database), then hands them to
 * the writer thread, which publishes the snapshot in one short transaction. The scratch folder goes in every
 * case: success, bad content, a client that goes away, a worker that fails.
 */
export async function ingestSnapshot(input: IngestInput): Promise<IngestResult> {
  checkCapturedAt(input.capturedAt);
  const folder = scratchFolder();
  try {
    const t0 = performance.now();
    const staged = await stageDump(input.dump, folder);
    const stageMs = Math.round(performance.now() - t0);
    if (staged.records === 0) {
      throw new IngestError("invalid", "the dump is empty: a failed `cfdot desired-lrps` run leaves an empty file; run it again", { line: 1 });
    }
    const out = await publishInWriter({
      foundation: input.foundation,
      actor: input.actor,
      capturedMs: input.capturedAt.getTime(),
      hash: staged.hash,
      bytes: staged.bytes,
      records: staged.records,
      otherDomains: staged.otherDomains,
      warnings: staged.warnings,
      files: staged.files,
      address: input.address ?? null,
    });
    return { snapshot: out.snapshot, duplicate: out.duplicate, timings: { stageMs, ...out.timings }, threads: staged.files.length };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    scheduleCheckpoint();
  }
}

/** Takes a snapshot out of history as if it had never been uploaded (lib/ingest/publish.ts deleteSnapshot). */
export async function removeSnapshot(foundation: string, snapshotId: number, actor: string, address: string | null): Promise<SnapshotRow> {
  try {
    return (await deleteSnapshotInWriter({ foundation, snapshotId, actor, address })).deleted;
  } finally {
    scheduleCheckpoint();
  }
}

/** Deletes a foundation with all its snapshots, history and workflow. */
export async function removeFoundation(foundation: string, actor: string, address: string | null): Promise<{ deleted: string; snapshots: number }> {
  try {
    return await deleteFoundationInWriter({ foundation, actor, address });
  } finally {
    scheduleCheckpoint();
  }
}
