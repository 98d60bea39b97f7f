// Worker thread entry: parses and stages blocks of NDJSON lines off the main thread, which keeps receiving
// and hashing. Compiled to CommonJS (scripts/build-worker.mjs) and loaded from disk: bundled workers are fragile.
// One worker serves one upload and exits with it, so nothing an upload allocated outlives it.
import { parentPort, workerData } from "node:worker_threads";
import { blockReply, closeStaging, openStaging, stageBlock, type BlockReply, type Staging } from "./staging";

export type WorkerRequest = { type: "block"; id: number; buf: Uint8Array; firstLine: number; last: boolean } | { type: "close"; id: number };

export type WorkerReply = BlockReply | { ok: boolean; closed: true };

const { file } = workerData as { file: string };
let staging: Staging | null = null;

parentPort?.on("message", (msg: WorkerRequest) => {
  if (msg.type === "close") {
    let ok = true;
    try {
      if (staging) closeStaging(staging);
    } catch {
      ok = false;
    }
    staging = null;
    parentPort?.postMessage({ id: msg.id, reply: { ok, closed: true } });
    return;
  }
  const reply = blockReply(() => {
    staging ??= openStaging(file);
    const buf = Buffer.from(msg.buf.buffer, msg.buf.byteOffset, msg.buf.byteLength);
    return stageBlock(staging, buf, msg.firstLine, msg.last);
  });
  parentPort?.postMessage({ id: msg.id, reply });
});
