// Worker thread entry: owns the connection that publishes snapshots and records workflow actions, so that the seconds a large publish or
// deletion can take never block the thread that answers requests. Messages are handled one at a time, which
// is also the order SQLite would impose on writers. Compiled to CommonJS (scripts/build-worker.mjs).
import { parentPort } from "node:worker_threads";
import { openSqlite } from "../db/sqlite";
import { applyAction, expireWaivers, type ActionRequest } from "../migration/apply";
import { deleteFoundation, deleteSnapshot, publishSnapshot, type DeleteSnapshotRequest, type PublishRequest } from "./publish";
import { failureReply, type BlockReply } from "./staging";

export type WriterRequest =
  | { id: number; type: "publish"; req: PublishRequest }
  | { id: number; type: "deleteSnapshot"; req: DeleteSnapshotRequest }
  | { id: number; type: "deleteFoundation"; req: { foundation: string; actor: string; address: string | null } }
  | { id: number; type: "appAction"; req: ActionRequest }
  | { id: number; type: "expireWaivers"; req: { foundationId: number; nowMs: number } }
  | { id: number; type: "checkpoint" };

export type WriterReply = { ok: true; value: unknown } | Exclude<BlockReply, { ok: true }>;

const db = openSqlite();
// copying the WAL back into the database is maintenance: done when no upload runs (type "checkpoint")
db.pragma("wal_autocheckpoint = 0");
// the fold sorts a dump's LRPs: in memory, not in temporary files
db.pragma("temp_store = MEMORY");

/** Copies the WAL into the database and, when no reader holds it, truncates it to zero bytes. */
function checkpoint(): { log: number; checkpointed: number } {
  db.pragma("busy_timeout = 200");
  try {
    const [r] = db.pragma("wal_checkpoint(TRUNCATE)") as { busy: number; log: number; checkpointed: number }[];
    if (r.busy) db.pragma("wal_checkpoint(PASSIVE)");
    return { log: r.log, checkpointed: r.checkpointed };
  } finally {
    db.pragma("busy_timeout = 15000");
  }
}

function handle(msg: WriterRequest): unknown {
  switch (msg.type) {
    case "publish":
      return publishSnapshot(db, msg.req);
    case "deleteSnapshot":
      return deleteSnapshot(db, msg.req);
    case "deleteFoundation":
      return deleteFoundation(db, msg.req);
    case "appAction":
      return applyAction(db, msg.req);
    case "expireWaivers":
      return db.transaction(() => expireWaivers(db, msg.req.foundationId, msg.req.nowMs)).immediate();
    case "checkpoint":
      return checkpoint();
  }
}

parentPort?.on("message", (msg: WriterRequest) => {
  let reply: WriterReply;
  try {
    reply = { ok: true, value: handle(msg) };
  } catch (e) {
    reply = failureReply(e);
  }
  parentPort?.postMessage({ id: msg.id, reply });
  // after answering: copy this write's WAL frames into the database, so that back-to-back uploads (which
  // never leave the writer idle long enough for the truncating checkpoint) reuse the WAL instead of growing it
  if (msg.type !== "checkpoint") {
    try {
      db.pragma("wal_checkpoint(PASSIVE)");
    } catch (e) {
      console.error(`[ingest] WAL checkpoint failed: ${e instanceof Error ? e.message : "unknown error"}`);
    }
  }
});
