// Worker thread entry: parses blocks of NDJSON lines off the main thread, which keeps receiving and hashing.
// Compiled to CommonJS (scripts/build-worker.mjs) and loaded from disk: bundled workers are fragile.
import { parentPort } from "node:worker_threads";
import { parseBlock } from "./parse-block";

parentPort?.on("message", (msg: { id: number; buf: Uint8Array; firstLine: number; last: boolean }) => {
  const buf = Buffer.from(msg.buf.buffer, msg.buf.byteOffset, msg.buf.byteLength);
  parentPort?.postMessage({ id: msg.id, result: parseBlock(buf, msg.firstLine, msg.last) });
});
