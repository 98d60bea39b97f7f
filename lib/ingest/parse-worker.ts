// Worker thread entry: parses and stages blocks of NDJSON lines off the main thread, which keeps receiving
// and hashing. Compiled to CommonJS (scripts/build-worker.mjs) and loaded from disk: bundled workers are fragile.
import { parentPort, workerData } from "node:worker_threads";
import { blockReply, closeStaging, openStaging, stageBlock, stagingFile, type Staging } from "./staging";

export type WorkerRequest =
  | { type: "block"; id: number; base: string; buf: Uint8Array; firstLine: number; last: boolean }
  | { type: "close"; id: number; base: string };

const index = (workerData as { index: number }).index;
const open = new Map<string, Staging>();

parentPort?.on("message", (msg: WorkerRequest) => {
  if (msg.type === "close") {
    const s = open.get(msg.base);
    open.delete(msg.base);
    let ok = true;
    try {
      if (s) closeStaging(s);
    } catch {
      ok = false;
    }
    parentPort?.postMessage({ id: msg.id, reply: { ok, records: 0, otherDomains: {}, warnings: [] } });
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
