import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { WorkerReply, WorkerRequest } from "./parse-worker";
import type { BlockReply } from "./staging";

/** The compiled worker (scripts/build-worker.mjs), loaded from disk at run time. */
export const WORKER_FILE = path.join(process.cwd(), "build", "worker", "ingest", "parse-worker.js");

/**
 * One parse worker by default: this thread parses blocks too whenever the worker is busy, so both cores
 * stay at work, and every extra worker costs memory.
 */
export const workerCount = () => Math.max(1, Number(process.env.INGEST_WORKERS) || 1);

type Outgoing = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

/** Long-lived parse workers shared by all uploads of the process; replies are routed back by id. */
class ParsePool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;

  get size(): number {
    return workerCount();
  }

  worker(i: number): Worker {
    if (this.workers.length === 0) this.start();
    return this.workers[i % this.workers.length];
  }

  private start(): void {
    if (!existsSync(WORKER_FILE)) throw new Error(`parse worker missing at ${WORKER_FILE}: run npm run build`);
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(/* turbopackIgnore: true */ WORKER_FILE);
      w.on("message", (msg: { id: number; reply: WorkerReply }) => {
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

  /** A crashed worker fails what it had in hand; the next upload starts fresh workers. */
  private fail(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const w of this.workers) w.removeAllListeners().terminate().catch(() => {});
    this.workers = [];
  }

  send(w: Worker, msg: Outgoing, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }
}

const g = globalThis as unknown as { __parsePool?: ParsePool };
const pool = () => (g.__parsePool ??= new ParsePool());

/** The parse workers' share of one upload: worker i stages into `files[i]`. */
export class UploadWorkers {
  readonly files: string[];
  private turn = 0;

  constructor(fileFor: (i: number) => string) {
    this.files = Array.from({ length: pool().size }, (_, i) => fileFor(i));
  }

  /** Parses and stages whole lines starting at `firstLine` in the next worker. */
  stage(block: Uint8Array, firstLine: number, last: boolean): Promise<BlockReply> {
    const i = this.turn++ % this.files.length;
    const msg = { type: "block" as const, file: this.files[i], buf: block, firstLine, last };
    return pool().send(pool().worker(i), msg, [block.buffer as ArrayBuffer]) as Promise<BlockReply>;
  }

  /** Closes this upload's staging files; afterwards they can be attached or deleted. */
  async close(): Promise<void> {
    const replies = await Promise.all(this.files.map((file, i) => pool().send(pool().worker(i), { type: "close", file })));
    if (replies.some((r) => !r.ok)) throw new Error("a parse worker could not close its staging file");
  }
}
