// Runs inside the writer worker (lib/ingest/write-worker.ts owns the write connection): relative imports only.
import { sqliteDate, type Sqlite } from "../db/sqlite";
import type { Actor } from "../auth/permissions";
import { decide, expire, type ActionInput, type Status, type WorkflowAction } from "./state-machine";
import { EXPIRY_ACTOR, insertEvent, stateColumns, toState, writeState, type StateRow } from "./store";

export interface ActionRequest {
  foundation: string;
  guid: string;
  actor: Actor;
  input: ActionInput;
  /** the app's version the caller saw; null: whatever it is now */
  version: number | null;
  nowMs: number;
}

export type ActionOutcome =
  | { ok: true; status: Status; version: number }
  | { ok: false; kind: "not_found" | "forbidden" | "invalid"; message: string }
  | { ok: false; kind: "refused" | "conflict"; message: string; allowed: WorkflowAction[] };

type AppRow = StateRow & { id: number; foundationId: number; version: number };

/**
 * One person's action on one app, in one immediate transaction: the state machine decides, then the new state
 * and its event are written together. The write names the version it read (optimistic concurrency): a caller
 * that saw an older version, or a writer that got in first, gets a conflict and nothing is written.
 */
export function applyAction(db: Sqlite, req: ActionRequest): ActionOutcome {
  return db
    .transaction((): ActionOutcome => {
      const app = db
        .prepare(`SELECT a.id, a.foundationId, a.version, ${stateColumns("a")} FROM App a JOIN Foundation f ON f.id = a.foundationId WHERE f.name = ? AND a.guid = ?`)
        .get(req.foundation, req.guid) as AppRow | undefined;
      const where = app
        ? (db
            .prepare(`SELECT orgGuid, spaceGuid FROM AppSpan WHERE foundationId = ? AND appGuid = ? ORDER BY toMs DESC LIMIT 1`)
            .get(app.foundationId, req.guid) as { orgGuid: string | null; spaceGuid: string | null } | undefined)
        : undefined;
      if (!app || !where) return { ok: false, kind: "not_found", message: "app not found" };
      const ctx = { actor: req.actor, location: { foundation: req.foundation, ...where }, nowMs: req.nowMs };
      let state = toState(app);
      if (req.version !== null && req.version !== app.version) {
        return { ok: false, kind: "conflict", message: "the app changed since you loaded it: reload it and try again", allowed: [] };
      }
      let version = app.version;
      const lapsed = expire(state, req.nowMs);
      if (lapsed) {
        writeState(db, app.id, version, lapsed.next, lapsed.event.atMs);
        insertEvent(db, app.foundationId, app.id, EXPIRY_ACTOR, lapsed.event);
        state = lapsed.next;
        version++;
      }
      const d = decide(state, req.input, ctx);
      if (d.kind === "forbidden" || d.kind === "invalid") return { ok: false, kind: d.kind, message: d.message };
      if (d.kind === "refused") return { ok: false, kind: "refused", message: d.message, allowed: d.allowed };
      if (!writeState(db, app.id, version, d.next, d.event.atMs)) {
        return { ok: false, kind: "conflict", message: "the app changed since you loaded it: reload it and try again", allowed: [] };
      }
      insertEvent(db, app.foundationId, app.id, { name: req.actor.name, userId: req.actor.userId }, d.event);
      return { ok: true, status: d.next.status!, version: version + 1 };
    })
    .immediate();
}

/**
 * Records the expiry of every waiver past its date (of one foundation): the app returns to the status
 * the waiver interrupted, flagged, with an event dated at the expiry. Reads already show the effective status
 * before this runs (state-machine.ts effectiveStatus); this makes it part of the history.
 */
export function expireWaivers(db: Sqlite, foundationId: number, nowMs: number): number {
  const rows = db
    .prepare(
      `SELECT id, foundationId, version, ${stateColumns()} FROM App
       WHERE foundationId = @f AND status = 'waived' AND waiverExpiresAt <= @now`,
    )
    .all({ now: sqliteDate(new Date(nowMs)), f: foundationId }) as AppRow[];
  let n = 0;
  for (const r of rows) {
    const lapsed = expire(toState(r), nowMs);
    if (!lapsed || !writeState(db, r.id, r.version, lapsed.next, lapsed.event.atMs)) continue;
    insertEvent(db, r.foundationId, r.id, EXPIRY_ACTOR, lapsed.event);
    n++;
  }
  return n;
}
