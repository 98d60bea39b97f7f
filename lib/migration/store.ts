// Runs inside the writer worker as well as in the server: relative imports only (compiled to CommonJS).
import type { Statement } from "better-sqlite3";
import { sqliteDate, type Sqlite } from "../db/sqlite";
import type { AppState, EventDraft, Status, WaiverRequest } from "./state-machine";

/**
 * How an app's workflow state (lib/migration/state-machine.ts) is kept in the App table: the one mapping
 * between columns and AppState, used by ingest, the action service and the reads.
 */
const STATE_FIELDS = ["status", "regression", "waiverExpired", "statusBeforeWaiver", "waiverExpiresAt", "waiverRequest", "testOrg", "testSpace", "testApp"] as const;

/** The App columns a StateRow is read from, optionally of a table alias. */
export const stateColumns = (alias?: string) => STATE_FIELDS.map((c) => (alias ? `${alias}.${c}` : c)).join(", ");

export interface StateRow {
  status: string | null;
  regression: number;
  waiverExpired: number;
  statusBeforeWaiver: string | null;
  waiverExpiresAt: string | null;
  waiverRequest: string | null;
  testOrg: string | null;
  testSpace: string | null;
  testApp: string | null;
}

export function toState(r: StateRow): AppState {
  return {
    status: r.status as Status | null,
    regression: !!r.regression,
    waiverExpired: !!r.waiverExpired,
    statusBeforeWaiver: r.statusBeforeWaiver as Status | null,
    waiverExpiresMs: r.waiverExpiresAt === null ? null : Date.parse(r.waiverExpiresAt),
    waiverRequest: r.waiverRequest === null ? null : (JSON.parse(r.waiverRequest) as WaiverRequest),
    test: r.testOrg !== null && r.testSpace !== null && r.testApp !== null ? { org: r.testOrg, space: r.testSpace, app: r.testApp } : null,
  };
}

const WRITE_STATE = `UPDATE App SET status = @status, statusChangedAt = @changedAt, regression = @regression, waiverExpired = @waiverExpired,
    statusBeforeWaiver = @statusBeforeWaiver, waiverExpiresAt = @waiverExpiresAt, waiverRequest = @waiverRequest,
    testOrg = @testOrg, testSpace = @testSpace, testApp = @testApp, version = version + 1
  WHERE id = @id AND version = @version`;

const INSERT_EVENT = `INSERT INTO AppEvent (foundationId, appId, at, actor, userId, action, fromStatus, toStatus, note, snapshotId, details)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

// a first upload detects every privileged app: statements prepared once per connection, not per app
const statements = new WeakMap<Sqlite, { writeState: Statement; insertEvent: Statement }>();
const prepared = (db: Sqlite) => {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = { writeState: db.prepare(WRITE_STATE), insertEvent: db.prepare(INSERT_EVENT) }));
  return s;
};

/** Writes a state, bumping the version; only when the row still has `version` (0 changes: someone was first). */
export function writeState(db: Sqlite, appId: number, version: number, s: AppState, changedAtMs: number): boolean {
  const info = prepared(db)
    .writeState.run({
      id: appId,
      version,
      status: s.status,
      changedAt: sqliteDate(new Date(changedAtMs)),
      regression: s.regression ? 1 : 0,
      waiverExpired: s.waiverExpired ? 1 : 0,
      statusBeforeWaiver: s.statusBeforeWaiver,
      waiverExpiresAt: s.waiverExpiresMs === null ? null : sqliteDate(new Date(s.waiverExpiresMs)),
      waiverRequest: s.waiverRequest === null ? null : JSON.stringify(s.waiverRequest),
      testOrg: s.test?.org ?? null,
      testSpace: s.test?.space ?? null,
      testApp: s.test?.app ?? null,
    });
  return info.changes === 1;
}

export interface EventActor {
  name: string;
  userId: string | null;
}

/** A snapshot acts under its own name: its events read "snapshot 42" in the timeline. */
export const snapshotActor = (snapshotId: number): EventActor => ({ name: `snapshot ${snapshotId}`, userId: null });

/** The clock, when it lets a waiver lapse. */
export const EXPIRY_ACTOR: EventActor = { name: "waiver expiry", userId: null };

export function insertEvent(db: Sqlite, foundationId: number, appId: number, actor: EventActor, e: EventDraft, snapshotId: number | null = null) {
  prepared(db).insertEvent.run(
    foundationId, appId, sqliteDate(new Date(e.atMs)), actor.name, actor.userId, e.action, e.from, e.to, e.note, snapshotId,
    e.details === null ? null : JSON.stringify(e.details),
  );
}
