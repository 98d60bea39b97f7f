import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { FoldData } from "./fold";
import type { CloseReply, WorkerRequest } from "./parse-worker";
import type { BlockReply } from "./staging";

/** The compiled worker (scripts/build-worker.mjs), loaded from disk at run time. */
export const WORKER_FILE = path.join(process.cwd(), "build", "worker", "ingest", "parse-worker.js");

interface Pending {
  resolve: (r: BlockReply & CloseReply) => void;
  reject: (e: Error) => void;
}

type Outgoing = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/** A few long-lived worker threads shared by all uploads of the process; replies are routed back by id. */
class ParsePool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;

  constructor(readonly size: number) {}

  private start(): void {
    if (!existsSync(WORKER_FILE)) throw new Error(`parse worker missing at ${WORKER_FILE}: run npm run build`);
    for (let index = 0; index < this.size; index++) {
      const w = new Worker(/* turbopackIgnore: true */ WORKER_FILE, { workerData: { index } });
      w.on("message", (msg: { id: number; reply: BlockReply & CloseReply }) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg.reply);
      });
      w.on("error", (err) => this.fail(err));
      w.on("exit", () => this.fail(new Error("parse worker exited")));
      w.unref();
      this.workers.push(w);
    }
  }

  private fail(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const w of this.workers) w.removeAllListeners().terminate().catch(() => {});
    this.workers = [];
  }

  private send(w: Worker, msg: Outgoing, transfer: ArrayBuffer[] = []): Promise<BlockReply & CloseReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }

  /** Parses and stages whole lines starting at `firstLine` in the next worker's staging file for `base`. */
  stage(base: string, block: Buffer, firstLine: number, last: boolean): Promise<BlockReply> {
    if (this.workers.length === 0) this.start();
    // transferred, not cloned: the block must own its whole ArrayBuffer (small Buffers share Node's pool)
    let u8: Uint8Array;
    if (block.byteOffset === 0 && block.buffer.byteLength === block.length && block.buffer instanceof ArrayBuffer) {
      u8 = new Uint8Array(block.buffer, 0, block.length);
    } else {
      u8 = new Uint8Array(new ArrayBuffer(block.length));
      u8.set(block);
    }
    const w = this.workers[this.turn++ % this.workers.length];
    return this.send(w, { type: "block", base, buf: u8, firstLine, last }, [u8.buffer as ArrayBuffer]);
  }

  /** Closes every worker's staging file of `base` (then they can be attached or deleted); returns their folds. */
  async close(base: string): Promise<FoldData[]> {
    const replies = await Promise.all(this.workers.map((w) => this.send(w, { type: "close", base })));
    if (replies.some((r) => !r.ok)) throw new Error("a parse worker could not close its staging file");
    return replies.flatMap((r) => (r.fold ? [r.fold] : []));
  }
}

const g = globalThis as unknown as { __parsePool?: ParsePool };

export function parsePool(): ParsePool {
  const size = Number(process.env.INGEST_WORKERS) || Math.max(1, Math.min(2, availableParallelism()));
  return (g.__parsePool ??= new ParsePool(size));
}
