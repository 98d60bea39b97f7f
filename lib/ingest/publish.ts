// Runs inside the writer worker: relative imports only (compiled to CommonJS).
import { audit } from "../db/audit";
import { sqliteDate, type Sqlite } from "../db/sqlite";
import { expireWaivers } from "../migration/apply";
import { observe, replayRecorded, type AppState, type Observation, type Status } from "../migration/state-machine";
import { insertEvent, snapshotActor, stateColumns, toState, writeState, type StateRow } from "../migration/store";
import { IngestError } from "./errors";
import { Fold, FOLD_TABLES } from "./fold";
import { APP_SPANS, LRP_SPANS, mergeSpans, removeFromSpans, type Landing } from "./spans";
import { STAGE_LRP_TABLE } from "./staging-columns";

export interface SnapshotRow {
  id: number;
  foundation: string;
  capturedMs: number;
  observedMs: number[];
  lrps: number;
  appLrps: number;
  otherDomains: Record<string, number>;
  privilegedLrps: number;
  privilegedInstances: number;
  apps: number;
  privilegedApps: number;
  warnings: string[];
  suspicious: boolean;
}

/** A Snapshot row as stored (JSON columns as text, times as epoch ms). */
export interface SnapshotDbRow {
  id: number;
  capturedMs: number;
  observedMs: string;
  lrps: number;
  appLrps: number;
  otherDomains: string;
  privilegedLrps: number;
  privilegedInstances: number;
  apps: number;
  privilegedApps: number;
  warnings: string;
  suspicious: number | boolean;
}

export function toSnapshotRow(foundation: string, r: SnapshotDbRow): SnapshotRow {
  return {
    id: r.id,
    foundation,
    capturedMs: r.capturedMs,
    observedMs: JSON.parse(r.observedMs) as number[],
    lrps: r.lrps,
    appLrps: r.appLrps,
    otherDomains: JSON.parse(r.otherDomains) as Record<string, number>,
    privilegedLrps: r.privilegedLrps,
    privilegedInstances: r.privilegedInstances,
    apps: r.apps,
    privilegedApps: r.privilegedApps,
    warnings: JSON.parse(r.warnings) as string[],
    suspicious: !!r.suspicious,
  };
}

/** What the parse threads hand the writer: staging files and what they counted while streaming. */
export interface PublishRequest {
  foundation: string;
  actor: string;
  capturedMs: number;
  hash: string;
  bytes: number;
  records: number;
  otherDomains: Record<string, number>;
  warnings: string[];
  /** staging files of this upload (lib/ingest/staging.ts), each with its share of LRPs and of the fold */
  files: string[];
  /** the client's address, for the audit log, when known */
  address: string | null;
}

export interface PublishResult {
  snapshot: SnapshotRow;
  duplicate: boolean;
  /** where the writer's time went: copying the staging files into one, folding per app, checks, the publishing transaction */
  timings: { copyMs: number; foldMs: number; checkMs: number; publishMs: number };
}

/** A new latest snapshot lacking more than this share of the previous one's apps is flagged. */
export const SUSPICIOUS_MISSING_SHARE = 0.1;

const STAGE = "stage";
/** The staged LRPs of a large dump are tens of MB: the span merge reads them all (negative = KiB). */
const STAGE_CACHE_KIB = -16384;

/**
 * Publishes one staged dump: combines the staging files into the first one (so that a single merge sees
 * every LRP of the dump), then writes the snapshot, its span history, names and statuses in one short
 * transaction: the snapshot appears whole or not at all.
 */
export function publishSnapshot(db: Sqlite, req: PublishRequest): PublishResult {
  const t0 = performance.now();
  if (req.files.length === 0 || req.records === 0) {
    throw new IngestError("invalid", "the dump is empty: a failed `cfdot desired-lrps` run leaves an empty file; run it again", { line: 1 });
  }
  db.prepare(`ATTACH DATABASE ? AS ${STAGE}`).run(req.files[0]);
  try {
    db.pragma(`${STAGE}.journal_mode = OFF`);
    db.pragma(`${STAGE}.cache_size = ${STAGE_CACHE_KIB}`);
    const fold = req.files.length > 1 ? new Fold() : null;
    fold?.load(db, STAGE);
    for (const file of req.files.slice(1)) combineInto(db, file, fold!);
    const tc = performance.now();
    fold?.write(db, STAGE);
    const tf = performance.now();
    rejectRepeatedProcessGuids(db);
    const stats = foldStats(db);
    const warnings = [...req.warnings];
    const unnamed = db.prepare(`SELECT COUNT(*) FROM ${STAGE}.${FOLD_TABLES.appNames} WHERE name IS NULL`).pluck().get() as number;
    if (unnamed > 0) {
      warnings.push(
        `${unnamed} app${unnamed === 1 ? " has" : "s have"} no name in metric_tags (LRPs desired before CAPI 1.85): upload a Cloud Controller export to name them`,
      );
    }
    const t1 = performance.now();
    const out = db
      .transaction(() => {
        const published = publish(db, req, { ...stats, lrps: req.records, otherDomains: req.otherDomains }, warnings);
        audit(db, { actor: req.actor, action: "snapshot.upload", foundation: req.foundation, target: `snapshot ${published.snapshot.id}`, address: req.address, details: {
          capturedAt: new Date(req.capturedMs).toISOString(),
          duplicate: published.duplicate,
          lrps: req.records,
          bytes: req.bytes,
        } });
        return published;
      })
      .immediate();
    return {
      ...out,
      timings: { copyMs: Math.round(tc - t0), foldMs: Math.round(tf - tc), checkMs: Math.round(t1 - tf), publishMs: Math.round(performance.now() - t1) },
    };
  } finally {
    db.exec(`DETACH DATABASE ${STAGE}`);
  }
}

/**
 * Appends another thread's staging file to the first one, so that one span merge sees every LRP of the dump,
 * and merges its share of the fold by the fold's own rules.
 */
function combineInto(db: Sqlite, file: string, fold: Fold) {
  db.prepare(`ATTACH DATABASE ? AS more`).run(file);
  try {
    db.exec(`INSERT INTO ${STAGE}.${STAGE_LRP_TABLE} SELECT * FROM more.${STAGE_LRP_TABLE}`);
    fold.load(db, "more");
  } finally {
    db.exec(`DETACH DATABASE more`);
  }
}

function rejectRepeatedProcessGuids(db: Sqlite) {
  const dup = db
    .prepare(
      `SELECT MIN(line) AS first, MAX(line) AS again FROM ${STAGE}.${STAGE_LRP_TABLE} GROUP BY processGuid HAVING COUNT(*) > 1 ORDER BY first LIMIT 1`,
    )
    .get() as { first: number; again: number } | undefined;
  if (dup) {
    throw new IngestError("invalid", `line ${dup.again} repeats the process_guid of line ${dup.first}: not a single cfdot dump`, { line: dup.again });
  }
}

/** The snapshot's counts of the API contract, from the per-app fold. */
function foldStats(db: Sqlite) {
  return db
    .prepare(
      `SELECT COALESCE(SUM(lrps), 0) AS appLrps, COALESCE(SUM(privilegedLrps), 0) AS privilegedLrps,
         COALESCE(SUM(privilegedInstances), 0) AS privilegedInstances, COUNT(*) AS apps, COALESCE(SUM(privileged), 0) AS privilegedApps
       FROM ${STAGE}.${FOLD_TABLES.apps}`,
    )
    .get() as { appLrps: number; privilegedLrps: number; privilegedInstances: number; apps: number; privilegedApps: number };
}

type Stats = Omit<SnapshotRow, "id" | "foundation" | "capturedMs" | "observedMs" | "warnings" | "suspicious">;

/** The neighbours of capture time `t` among a foundation's snapshots. */
function landing(db: Sqlite, f: number, t: number): Landing & { prevId: number | null; prevHash: string | null; nextHash: string | null; nextId: number | null } {
  const prev = db
    .prepare(`SELECT id, capturedMs, contentHash FROM Snapshot WHERE foundationId = ? AND capturedMs < ? ORDER BY capturedMs DESC LIMIT 1`)
    .get(f, t) as { id: number; capturedMs: number; contentHash: string } | undefined;
  const next = db
    .prepare(`SELECT id, capturedMs, contentHash FROM Snapshot WHERE foundationId = ? AND capturedMs > ? ORDER BY capturedMs ASC LIMIT 1`)
    .get(f, t) as { id: number; capturedMs: number; contentHash: string } | undefined;
  return {
    t,
    p: prev?.capturedMs ?? null,
    n: next?.capturedMs ?? null,
    prevId: prev?.id ?? null,
    prevHash: prev?.contentHash ?? null,
    nextId: next?.id ?? null,
    nextHash: next?.contentHash ?? null,
  };
}

function observeAgain(db: Sqlite, foundation: string, id: number, t: number): Omit<PublishResult, "timings"> {
  const row = db.prepare(`SELECT * FROM Snapshot WHERE id = ?`).get(id) as SnapshotDbRow;
  const observed = [...new Set([...(JSON.parse(row.observedMs) as number[]), t])].sort((a, b) => a - b);
  db.prepare(`UPDATE Snapshot SET observedMs = ? WHERE id = ?`).run(JSON.stringify(observed), id);
  return { snapshot: toSnapshotRow(foundation, { ...row, observedMs: JSON.stringify(observed) }), duplicate: true };
}

function publish(db: Sqlite, x: PublishRequest, s: Stats, warnings: string[]): Omit<PublishResult, "timings"> {
  const t = x.capturedMs;
  db.prepare(`INSERT INTO Foundation (name, createdAt) VALUES (?, ?) ON CONFLICT(name) DO NOTHING`).run(x.foundation, sqliteDate(new Date()));
  const f = db.prepare(`SELECT id FROM Foundation WHERE name = ?`).pluck().get(x.foundation) as number;
  const at = db.prepare(`SELECT id, contentHash FROM Snapshot WHERE foundationId = ? AND capturedMs = ?`).get(f, t) as
    | { id: number; contentHash: string }
    | undefined;
  if (at) {
    if (at.contentHash === x.hash) return observeAgain(db, x.foundation, at.id, t);
    throw new IngestError("conflict", `snapshot ${at.id} of this foundation was captured at the same time with other content: pass a different capturedAt`, {
      snapshotId: String(at.id),
    });
  }
  const land = landing(db, f, t);
  // identical to its neighbour in capture order: the same state seen again, which keeps quiet foundations'
  // evidence fresh; identical content elsewhere in history (A, B, A) is a new snapshot
  if (land.prevHash === x.hash) return observeAgain(db, x.foundation, land.prevId!, t);
  if (land.nextHash === x.hash) return observeAgain(db, x.foundation, land.nextId!, t);

  let missingApps = 0;
  let previousApps = 0;
  if (land.p !== null) {
    const m = db
      .prepare(
        `SELECT COUNT(*) AS apps, COALESCE(SUM(NOT EXISTS (SELECT 1 FROM ${STAGE}.${FOLD_TABLES.apps} s WHERE s.appGuid = a.appGuid)), 0) AS missing
         FROM AppSpan a WHERE a.foundationId = ? AND a.fromMs <= ? AND a.toMs >= ?`,
      )
      .get(f, land.p, land.p) as { apps: number; missing: number };
    missingApps = m.missing;
    previousApps = m.apps;
  }
  const suspicious = land.n === null && previousApps > 0 && missingApps > previousApps * SUSPICIOUS_MISSING_SHARE;
  if (suspicious) {
    warnings.push(
      `${missingApps} of the previous snapshot's ${previousApps} apps are missing from this one (more than ${SUSPICIOUS_MISSING_SHARE * 100} %): ` +
        `a truncated dump looks like this. If the dump was cut off, delete this snapshot and upload a complete one`,
    );
  }
  const info = db
    .prepare(
      `INSERT INTO Snapshot (foundationId, capturedMs, observedMs, contentHash, createdAt, lrps, appLrps, otherDomains,
         privilegedLrps, privilegedInstances, apps, privilegedApps, warnings, bytes, uploadedBy, suspicious, missingApps)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(f, t, JSON.stringify([t]), x.hash, sqliteDate(new Date()), s.lrps, s.appLrps, JSON.stringify(s.otherDomains),
      s.privilegedLrps, s.privilegedInstances, s.apps, s.privilegedApps, JSON.stringify(warnings), x.bytes, x.actor, suspicious ? 1 : 0, missingApps);
  const snapshotId = Number(info.lastInsertRowid);
  mergeSpans(db, LRP_SPANS, `${STAGE}.${STAGE_LRP_TABLE}`, f, land);
  mergeSpans(db, APP_SPANS, `${STAGE}.${FOLD_TABLES.apps}`, f, land);
  saveNames(db, f);
  if (land.n === null) applyStatuses(db, f, snapshotId, t, `${STAGE}.${FOLD_TABLES.apps}`);
  const row = db.prepare(`SELECT * FROM Snapshot WHERE id = ?`).get(snapshotId) as SnapshotDbRow;
  return { snapshot: toSnapshotRow(x.foundation, row), duplicate: false };
}

/** A claim replaces a stored name when it is newer; names from a Cloud Controller export (nameSource 'cc') are never overridden by LRPs. */
const NEWER = `excluded.name IS NOT NULL AND (nameSource IS NULL OR nameSource = 'lrp') AND (name IS NULL OR excluded.nameAnnotation > nameAnnotation)`;
const takeNewer = `ON CONFLICT(foundationId, guid) DO UPDATE SET
  name = excluded.name, nameAnnotation = excluded.nameAnnotation, nameSource = excluded.nameSource WHERE ${NEWER}`;

function saveNames(db: Sqlite, f: number) {
  const cols = `name, annotation, CASE WHEN name IS NULL THEN NULL ELSE 'lrp' END`;
  const t = FOLD_TABLES;
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join clause of the SELECT
  db.prepare(`INSERT INTO App (foundationId, guid, name, nameAnnotation, nameSource) SELECT ?, guid, ${cols} FROM ${STAGE}.${t.appNames} WHERE true ${takeNewer}`).run(f);
  db.prepare(`INSERT INTO Org (foundationId, guid, name, nameAnnotation, nameSource) SELECT ?, guid, ${cols} FROM ${STAGE}.${t.orgNames} WHERE true ${takeNewer}`).run(f);
  db.prepare(
    `INSERT INTO Space (foundationId, guid, name, nameAnnotation, nameSource, orgGuid) SELECT ?, guid, ${cols}, orgGuid FROM ${STAGE}.${t.spaceNames} WHERE true
     ON CONFLICT(foundationId, guid) DO UPDATE SET
       name = CASE WHEN ${NEWER} THEN excluded.name ELSE name END,
       nameAnnotation = CASE WHEN ${NEWER} THEN excluded.nameAnnotation ELSE nameAnnotation END,
       nameSource = CASE WHEN ${NEWER} THEN excluded.nameSource ELSE nameSource END,
       orgGuid = COALESCE(excluded.orgGuid, orgGuid)`,
  ).run(f);
}

const seenAs = (privileged: number | null | undefined): Observation => (privileged === null || privileged === undefined ? "absent" : privileged ? "privileged" : "unprivileged");

/**
 * Applies a snapshot's transitions (lib/migration/state-machine.ts observe) when it becomes the latest, each
 * with its event: the snapshot is the actor, its capture time the event's time. `appStates` is a table of
 * (appGuid, privileged) for every app of that snapshot. Waivers past their date lapse first, so that the
 * snapshot's status counts are today's.
 */
function applyStatuses(db: Sqlite, f: number, snapshotId: number, capturedMs: number, appStates: string) {
  expireWaivers(db, f, Date.now());
  const rows = db
    .prepare(
      // apps already in the workflow, and privileged apps new to it: never a scan of every app joined to the dump
      `SELECT a.id, a.version, ${stateColumns("a")}, s.privileged FROM App a LEFT JOIN ${appStates} s ON s.appGuid = a.guid
       WHERE a.foundationId = @f AND a.status IS NOT NULL
       UNION ALL
       SELECT a.id, a.version, ${stateColumns("a")}, s.privileged FROM ${appStates} s JOIN App a ON a.foundationId = @f AND a.guid = s.appGuid
       WHERE s.privileged = 1 AND a.status IS NULL`,
    )
    .all({ f }) as (StateRow & { id: number; version: number; privileged: number | null })[];
  const actor = snapshotActor(snapshotId);
  let regressions = 0;
  for (const r of rows) {
    const tr = observe(toState(r), seenAs(r.privileged), capturedMs);
    if (!tr) continue;
    if (tr.event.action === "regressed") regressions++;
    // this transaction holds the write lock: the version read above is current
    writeState(db, r.id, r.version, tr.next, capturedMs);
    insertEvent(db, f, r.id, actor, tr.event, snapshotId);
  }
  const counts = db
    .prepare(`SELECT status, COUNT(*) AS n FROM App WHERE foundationId = ? AND status IS NOT NULL GROUP BY status`)
    .all(f) as { status: string; n: number }[];
  db.prepare(`UPDATE Snapshot SET statusCounts = ?, regressions = ? WHERE id = ?`).run(
    JSON.stringify(Object.fromEntries(counts.map((c) => [c.status, c.n]))),
    regressions,
    snapshotId,
  );
}

export interface DeleteSnapshotRequest {
  foundation: string;
  snapshotId: number;
  actor: string;
  address: string | null;
}

/**
 * Takes a snapshot out of history as if it had never been uploaded: its spans are removed or shortened and
 * the spans it alone kept apart joined again; the status changes ingest made because of it, and those that
 * later snapshots made in its wake, are replayed without it (people's workflow events stay). The deletion
 * itself is an audit event. One transaction.
 */
export function deleteSnapshot(db: Sqlite, req: DeleteSnapshotRequest): { deleted: SnapshotRow } {
  return db
    .transaction(() => {
      const f = db.prepare(`SELECT id FROM Foundation WHERE name = ?`).pluck().get(req.foundation) as number | undefined;
      const row =
        f === undefined
          ? undefined
          : (db.prepare(`SELECT * FROM Snapshot WHERE id = ? AND foundationId = ?`).get(req.snapshotId, f) as SnapshotDbRow | undefined);
      if (f === undefined || !row) throw new IngestError("not_found", "snapshot not found in this foundation");
      const t = row.capturedMs;
      db.prepare(`DELETE FROM Snapshot WHERE id = ?`).run(row.id);
      const land = landing(db, f, t);
      removeFromSpans(db, LRP_SPANS, f, land);
      removeFromSpans(db, APP_SPANS, f, land);
      replayStatusesWithout(db, f, row.id, t);
      // apps only that snapshot knew, with no workflow of their own, are gone with it
      db.prepare(
        `DELETE FROM App WHERE foundationId = ? AND NOT EXISTS (SELECT 1 FROM AppSpan s WHERE s.foundationId = App.foundationId AND s.appGuid = App.guid)
           AND NOT EXISTS (SELECT 1 FROM AppEvent e WHERE e.appId = App.id)`,
      ).run(f);
      audit(db, { actor: req.actor, action: "snapshot.delete", foundation: req.foundation, target: `snapshot ${row.id}`, address: req.address, details: { capturedAt: new Date(t).toISOString() } });
      return { deleted: toSnapshotRow(req.foundation, row) };
    })
    .immediate();
}

interface EventRow {
  id: number;
  at: string;
  toStatus: Status | null;
  snapshotId: number | null;
}

/**
 * Replays the snapshots' part of the workflow for every app the deleted snapshot changed, as if it had never
 * been uploaded: from the status the app had before that snapshot's events, each later snapshot (in capture
 * order, each at the time it was published) observes the app again by the same rules as at upload,
 * interleaved with the events people and the clock recorded, which stay.
 */
function replayStatusesWithout(db: Sqlite, f: number, deletedId: number, t: number) {
  const affected = db.prepare(`SELECT DISTINCT appId FROM AppEvent WHERE foundationId = ? AND snapshotId = ?`).pluck().all(f, deletedId) as number[];
  if (affected.length === 0) return;
  const later = db
    .prepare(`SELECT id, capturedMs, createdAt FROM Snapshot WHERE foundationId = ? AND capturedMs > ? ORDER BY capturedMs`)
    .all(f, t) as { id: number; capturedMs: number; createdAt: string }[];
  const replayed = new Set([deletedId, ...later.map((s) => s.id)]);
  const eventsOf = db.prepare(`SELECT id, at, toStatus, snapshotId FROM AppEvent WHERE appId = ? ORDER BY id`);
  const dropEvent = db.prepare(`DELETE FROM AppEvent WHERE id = ?`);
  const appOf = db.prepare(`SELECT guid, version, ${stateColumns()} FROM App WHERE id = ?`);
  const seenIn = db
    .prepare(`SELECT privileged FROM AppSpan WHERE foundationId = ? AND appGuid = ? AND fromMs <= ? AND toMs >= ?`)
    .pluck();
  for (const appId of affected) {
    const events = eventsOf.all(appId) as EventRow[];
    const app = appOf.get(appId) as StateRow & { guid: string; version: number };
    const firstReplayed = events.findIndex((e) => e.snapshotId !== null && replayed.has(e.snapshotId));
    // what is not status (a pending waiver request, the test push) stays as it is; the status is replayed
    let state: AppState = { ...toState(app), status: null, regression: false };
    let changedMs = 0;
    for (const e of events.slice(0, firstReplayed)) {
      state = replayRecorded(state, e.toStatus);
      if (e.toStatus !== null) changedMs = Date.parse(e.at);
    }
    const steps: ({ at: string; recorded: EventRow } | { at: string; snapshot: (typeof later)[number] })[] = [
      ...events.slice(firstReplayed).filter((e) => e.snapshotId === null).map((e) => ({ at: e.at, recorded: e })),
      ...later.map((s) => ({ at: s.createdAt, snapshot: s })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    for (const e of events.slice(firstReplayed)) if (e.snapshotId !== null) dropEvent.run(e.id);
    for (const step of steps) {
      if ("recorded" in step) {
        state = replayRecorded(state, step.recorded.toStatus);
        if (step.recorded.toStatus !== null) changedMs = Date.parse(step.at);
        continue;
      }
      const s = step.snapshot;
      const tr = observe(state, seenAs(seenIn.get(f, app.guid, s.capturedMs, s.capturedMs) as number | undefined), s.capturedMs);
      if (!tr) continue;
      insertEvent(db, f, appId, snapshotActor(s.id), tr.event, s.id);
      state = tr.next;
      changedMs = s.capturedMs;
    }
    writeState(db, appId, app.version, state, changedMs);
  }
}

export function deleteFoundation(db: Sqlite, req: { foundation: string; actor: string; address: string | null }): { deleted: string; snapshots: number } {
  return db
    .transaction(() => {
      const f = db.prepare(`SELECT id FROM Foundation WHERE name = ?`).pluck().get(req.foundation) as number | undefined;
      if (f === undefined) throw new IngestError("not_found", "foundation not found");
      const snapshots = db.prepare(`SELECT COUNT(*) FROM Snapshot WHERE foundationId = ?`).pluck().get(f) as number;
      // every row of the foundation goes with it (ON DELETE CASCADE)
      db.prepare(`DELETE FROM Foundation WHERE id = ?`).run(f);
      audit(db, { actor: req.actor, action: "foundation.delete", foundation: req.foundation, target: `foundation ${req.foundation}`, address: req.address, details: { snapshots } });
      return { deleted: req.foundation, snapshots };
    })
    .immediate();
}
