import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { LrpRow } from "./lrp-row";
import type { WorkerReply, WorkerRequest } from "./parse-worker";
import type { BlockReply } from "./staging";

/** The compiled workers (scripts/build-worker.mjs), loaded from disk at run time: bundled workers are fragile. */
export const workerFile = (name: "parse-worker" | "write-worker") => path.join(process.cwd(), "build", "worker", "ingest", `${name}.js`);

/**
 * Parsing a 200 MB dump allocates gigabytes of short-lived objects: a small young generation makes the worker
 * collect them sooner instead of growing the process (peak RSS over five 50k-LRP uploads: 389 → 346 MB,
 * streaming time within noise). Shared with the writer worker.
 */
export const WORKER_HEAP = { maxYoungGenerationSizeMb: 4 };

/** More parse workers than this measured no faster on any machine we have and only cost memory (~80 MB each). */
const MAX_WORKERS = 8;

/**
 * One parse worker by default: this thread parses blocks too whenever the worker is busy, so both cores
 * stay at work, and every extra worker costs memory.
 */
export const workerCount = () => Math.min(MAX_WORKERS, Math.max(1, Math.floor(Number(process.env.INGEST_WORKERS)) || 1));

type Outgoing = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;
type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

/** One long-lived worker thread and the requests it has in hand. */
class Slot {
  readonly pending = new Map<number, Pending>();
  constructor(readonly worker: Worker) {}
}

/**
 * Long-lived parse workers shared by all uploads of the process; replies are routed back by id. A worker
 * that dies fails only the requests it had in hand (the uploads whose blocks it held) and is replaced at the
 * next request; the other workers and their uploads go on.
 */
class ParsePool {
  private slots: (Slot | null)[] = [];
  private nextId = 1;

  get size(): number {
    return workerCount();
  }

  private slot(i: number): Slot {
    const at = i % this.size;
    const cur = this.slots[at];
    if (cur) return cur;
    const file = workerFile("parse-worker");
    if (!existsSync(file)) throw new Error(`parse worker missing at ${file}: run npm run build`);
    const w = new Worker(/* turbopackIgnore: true */ file, { resourceLimits: WORKER_HEAP });
    const slot = new Slot(w);
    w.on("message", (msg: { id: number; reply: WorkerReply }) => {
      const p = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      if (slot.pending.size === 0) w.unref();
      p?.resolve(msg.reply);
    });
    const fail = (err: Error) => {
      if (this.slots[at] === slot) this.slots[at] = null;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
      w.removeAllListeners();
      w.terminate().catch(() => {});
    };
    w.on("error", (err) => fail(err));
    w.on("exit", () => fail(new Error("a parse worker stopped")));
    w.unref();
    this.slots[at] = slot;
    return slot;
  }

  send(i: number, msg: Outgoing, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    const slot = this.slot(i);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      // keep the process alive while a worker holds work
      slot.worker.ref();
      slot.worker.postMessage({ ...msg, id }, transfer);
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
    return pool().send(i, msg, [block.buffer as ArrayBuffer]) as Promise<BlockReply>;
  }

  /**
   * Stages rows this thread parsed, in the first worker's file: however the parsing is shared, a dump with
   * one parse worker is staged in one file, which the writer publishes without combining anything.
   */
  stageRows(rows: LrpRow[]): Promise<BlockReply> {
    return pool().send(0, { type: "rows", file: this.files[0], rows }) as Promise<BlockReply>;
  }

  /** Closes this upload's staging files; afterwards they can be attached or deleted. */
  async close(): Promise<void> {
    const replies = await Promise.all(this.files.map((file, i) => pool().send(i, { type: "close", file })));
    if (replies.some((r) => !r.ok)) throw new Error("a parse worker could not close its staging file");
  }
}
