// Worker thread entry: parses and stages blocks of NDJSON lines off the main thread, which keeps receiving
// and hashing. Compiled to CommonJS (scripts/build-worker.mjs) and loaded from disk: bundled workers are fragile.
import { parentPort, workerData } from "node:worker_threads";
import type { FoldData } from "./fold";
import { blockReply, closeStaging, openStaging, stageBlock, stagingFile, type Staging } from "./staging";

/** Closing a staging file answers with the worker's share of the per-app fold (null when it staged nothing). */
export type CloseReply = { ok: boolean; fold: FoldData | null };

export type WorkerRequest =
  | { type: "block"; id: number; base: string; buf: Uint8Array; firstLine: number; last: boolean }
  | { type: "close"; id: number; base: string };

const index = (workerData as { index: number }).index;
const open = new Map<string, Staging>();

parentPort?.on("message", (msg: WorkerRequest) => {
  if (msg.type === "close") {
    const s = open.get(msg.base);
    open.delete(msg.base);
    let reply: CloseReply = { ok: true, fold: null };
    try {
      if (s) reply = { ok: true, fold: closeStaging(s) };
    } catch {
      reply = { ok: false, fold: null };
    }
    parentPort?.postMessage({ id: msg.id, reply });
    return;
  }
  const reply = blockReply(() => {
    let s = open.get(msg.base);
    if (!s) open.set(msg.base, (s = openStaging(stagingFile(msg.base, index))));
    const buf = Buffer.from(msg.buf.buffer, msg.buf.byteOffset, msg.buf.byteLength);
    return stageBlock(s, buf, msg.firstLine, msg.last);
  });
  parentPort?.postMessage({ id: msg.id, reply });
});
