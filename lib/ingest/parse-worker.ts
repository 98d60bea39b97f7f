// Worker thread entry: parses and stages blocks of NDJSON lines off the main thread, which keeps receiving
// and hashing. Compiled to CommonJS (scripts/build-worker.mjs) and loaded from disk: bundled workers are fragile.
// Workers live as long as the server (their compiled code stays warm); what an upload allocates is freed with
// its staging file, which every message names.
import { parentPort } from "node:worker_threads";
import type { LrpRow } from "./lrp-row";
import { blockReply, closeStaging, openStaging, type BlockReply, stageBlock, stageRows, type Staging } from "./staging";

export type WorkerRequest =
  | { type: "block"; id: number; file: string; buf: Uint8Array; firstLine: number; last: boolean }
  | { type: "rows"; id: number; file: string; rows: LrpRow[] }
  | { type: "close"; id: number; file: string };

export type WorkerReply = BlockReply | { ok: boolean; closed: true };

const open = new Map<string, Staging>();

function handle(msg: WorkerRequest): WorkerReply {
  if (msg.type === "close") {
    const staging = open.get(msg.file);
    open.delete(msg.file);
    try {
      if (staging) closeStaging(staging);
      return { ok: true, closed: true };
    } catch {
      return { ok: false, closed: true };
    }
  }
  // every failure, opening the file included, is this upload's alone: it goes back as its reply
  return blockReply(() => {
    let staging = open.get(msg.file);
    if (!staging) open.set(msg.file, (staging = openStaging(msg.file)));
    if (msg.type === "rows") return stageRows(staging, msg.rows);
    const buf = Buffer.from(msg.buf.buffer, msg.buf.byteOffset, msg.buf.byteLength);
    return stageBlock(staging, buf, msg.firstLine, msg.last);
  });
}

parentPort?.on("message", (msg: WorkerRequest) => {
  parentPort?.postMessage({ id: msg.id, reply: handle(msg) });
});
