import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { WORKER_HEAP, workerFile } from "./parse-pool";
import type { ActionOutcome, ActionRequest } from "../migration/apply";
import type { DeleteSnapshotRequest, PublishRequest, PublishResult, SnapshotRow } from "./publish";
import { replyError } from "./staging";
import type { WriterReply, WriterRequest } from "./write-worker";

type Outgoing = WriterRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** How long after the last write the WAL is checkpointed and truncated. */
const CHECKPOINT_AFTER_MS = 1000;

/**
 * The main thread's handle on the writer worker (lib/ingest/write-worker.ts). Started on first use, kept for
 * the life of the process; if it dies, the requests it held fail and the next request starts a new one.
 */
class Writer {
  private worker: Worker | null = null;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private checkpointTimer: NodeJS.Timeout | null = null;

  private start(): Worker {
    const file = workerFile("write-worker");
    if (!existsSync(file)) throw new Error(`writer worker missing at ${file}: run npm run build`);
    const w = new Worker(/* turbopackIgnore: true */ file, { resourceLimits: WORKER_HEAP });
    w.on("message", (msg: { id: number; reply: WriterReply }) => {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (this.pending.size === 0) w.unref();
      if (!p) return;
      if (msg.reply.ok) p.resolve(msg.reply.value);
      else p.reject(replyError(msg.reply));
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      w.removeAllListeners();
      w.terminate().catch(() => {});
    };
    w.on("error", (err) => fail(err));
    w.on("exit", () => fail(new Error("the writer worker stopped")));
    w.unref();
    return w;
  }

  call<T>(msg: Outgoing): Promise<T> {
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.ref();
      w.postMessage({ ...msg, id });
    });
  }

  /** Checkpoints once writes have been quiet for a moment (debounced; never blocks this thread). */
  scheduleCheckpoint(): void {
    if (this.checkpointTimer) clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = null;
      this.call({ type: "checkpoint" }).catch((e: unknown) =>
        console.error(`[ingest] WAL checkpoint failed: ${e instanceof Error ? e.message : "unknown error"}`),
      );
    }, CHECKPOINT_AFTER_MS);
    this.checkpointTimer.unref();
  }
}

const g = globalThis as unknown as { __writer?: Writer };
const writer = () => (g.__writer ??= new Writer());

export function publishInWriter(req: PublishRequest): Promise<PublishResult> {
  return writer().call<PublishResult>({ type: "publish", req });
}

export function deleteSnapshotInWriter(req: DeleteSnapshotRequest): Promise<{ deleted: SnapshotRow }> {
  return writer().call({ type: "deleteSnapshot", req });
}

export function deleteFoundationInWriter(req: { foundation: string; actor: string; address: string | null }): Promise<{ deleted: string; snapshots: number }> {
  return writer().call({ type: "deleteFoundation", req });
}

/** A person's workflow action on one app: decided and written in the writer, never beside it (one write connection). */
export function applyActionInWriter(req: ActionRequest): Promise<ActionOutcome> {
  return writer().call({ type: "appAction", req });
}

/** Records the expiry of the foundation's lapsed waivers; resolves with how many. */
export function expireWaiversInWriter(foundationId: number, nowMs: number): Promise<number> {
  return writer().call({ type: "expireWaivers", req: { foundationId, nowMs } });
}

export const scheduleCheckpoint = () => writer().scheduleCheckpoint();
