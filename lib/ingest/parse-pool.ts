import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { BlockResult } from "./parse-block";

/** The compiled worker (scripts/build-worker.mjs), loaded from disk at run time. */
export const WORKER_FILE = path.join(process.cwd(), "build", "worker", "ingest", "parse-worker.js");

interface Pending {
  resolve: (r: BlockResult) => void;
  reject: (e: Error) => void;
}

/** A few long-lived worker threads shared by all uploads of the process; blocks are routed back by id. */
class ParsePool {
  private workers: Worker[] = [];
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private turn = 0;

  constructor(private readonly size: number) {}

  private start(): void {
    if (!existsSync(WORKER_FILE)) throw new Error(`parse worker missing at ${WORKER_FILE}: run npm run build`);
    for (let i = 0; i < this.size; i++) {
      const w = new Worker(/* turbopackIgnore: true */ WORKER_FILE);
      w.on("message", (msg: { id: number; result: BlockResult }) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg.result);
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

  parse(block: Buffer, firstLine: number, last: boolean): Promise<BlockResult> {
    if (this.workers.length === 0) this.start();
    const id = this.nextId++;
    // transferred, not cloned: the block must own its whole ArrayBuffer (small Buffers share Node's pool)
    let u8: Uint8Array;
    if (block.byteOffset === 0 && block.buffer.byteLength === block.length && !(block.buffer instanceof SharedArrayBuffer)) {
      u8 = new Uint8Array(block.buffer, 0, block.length);
    } else {
      u8 = new Uint8Array(new ArrayBuffer(block.length));
      u8.set(block);
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const w = this.workers[this.turn++ % this.workers.length];
      w.postMessage({ id, buf: u8, firstLine, last }, [u8.buffer as ArrayBuffer]);
    });
  }
}

const g = globalThis as unknown as { __parsePool?: ParsePool };

export function parsePool(): ParsePool {
  const size = Number(process.env.INGEST_WORKERS) || Math.max(1, Math.min(2, availableParallelism()));
  return (g.__parsePool ??= new ParsePool(size));
}
