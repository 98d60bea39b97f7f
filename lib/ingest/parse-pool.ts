import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./parse-worker";
import type { BlockReply } from "./staging";

/** The compiled worker (scripts/build-worker.mjs), loaded from disk at run time. */
export const WORKER_FILE = path.join(process.cwd(), "build", "worker", "ingest", "parse-worker.js");

/**
 * One parse worker measured as fast as two here: the receiving thread (HTTP, gunzip, sha256) keeps the
 * other core busy, and every extra worker costs memory.
 */
export const workerCount = () => Math.max(1, Number(process.env.INGEST_WORKERS) || 1);

type Outgoing = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/** The parse workers of one upload, each staging into its own file; they exit when the upload ends. */
export class UploadWorkers {
  private workers: Worker[] = [];
  private pending = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private turn = 0;

  constructor(readonly files: string[]) {
    if (!existsSync(WORKER_FILE)) throw new Error(`parse worker missing at ${WORKER_FILE}: run npm run build`);
    for (const file of files) {
      const w = new Worker(/* turbopackIgnore: true */ WORKER_FILE, { workerData: { file } });
      w.on("message", (msg: { id: number; reply: WorkerReply }) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg.reply);
      });
      w.on("error", (err) => this.fail(err));
      w.on("exit", () => this.fail(new Error("parse worker exited")));
      this.workers.push(w);
    }
  }

  private fail(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private send(w: Worker, msg: Outgoing, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }

  /** Parses and stages whole lines starting at `firstLine` in the next worker. */
  stage(block: Uint8Array, firstLine: number, last: boolean): Promise<BlockReply> {
    const w = this.workers[this.turn++ % this.workers.length];
    return this.send(w, { type: "block", buf: block, firstLine, last }, [block.buffer as ArrayBuffer]) as Promise<BlockReply>;
  }

  /** Closes the staging files (they can then be attached or deleted) and ends the workers. */
  async close(): Promise<void> {
    try {
      const replies = await Promise.all(this.workers.map((w) => this.send(w, { type: "close" })));
      if (replies.some((r) => !r.ok)) throw new Error("a parse worker could not close its staging file");
    } finally {
      for (const w of this.workers) {
        w.removeAllListeners("exit");
        await w.terminate();
      }
    }
  }
}
