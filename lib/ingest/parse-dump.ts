import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import type { Readable } from "node:stream";
import { DumpFormatError, extractLrp } from "@/lib/cfdot/extract";
import { MAX_RECORD_BYTES, RecordReader } from "@/lib/cfdot/records";
import { toLrpRow } from "./lrp-row";
import { UploadWorkers } from "./parse-pool";
import { blockReply, closeStaging, openStaging, stageBlock, stageRecords, stagingFile, type BlockReply, type Staging } from "./staging";

interface Slot {
  promise: Promise<BlockReply>;
  /** set once the reply is in */
  reply?: BlockReply;
}

export interface StagedDump {
  /** sha256 of the decompressed bytes, for per-foundation dedupe */
  hash: string;
  bytes: number;
  /** records of any domain */
  records: number;
  otherDomains: Record<string, number>;
  warnings: string[];
  /** staging files holding the cf-apps LRPs and each thread's share of the per-app fold (lib/ingest/fold.ts) */
  files: string[];
}

const BLOCK_BYTES = 1024 * 1024;
/** blocks queued per worker before this thread parses the next one itself */
const WORKER_QUEUE = 3;
/** blocks parsed but not yet accounted for, at most (bounds memory) */
const MAX_QUEUED = 8;
const NL = 0x0a;

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++;
  return n;
}

/** cfdot's own output: the first line is one whole JSON object. Anything else goes through the byte scanner. */
function looksLikeNdjson(head: Buffer, ended: boolean): boolean | null {
  let s = 0;
  while (s < head.length && (head[s] === 0x20 || head[s] === 0x09 || head[s] === 0x0d || head[s] === NL)) s++;
  if (s === head.length) return ended ? false : null;
  if (head[s] !== 0x7b) return false;
  let e = head.indexOf(NL, s);
  if (e === -1) {
    if (!ended) return head.length - s > MAX_RECORD_BYTES ? false : null;
    e = head.length;
  }
  while (e > s && (head[e - 1] === 0x20 || head[e - 1] === 0x0d || head[e - 1] === 0x09)) e--;
  return head[e - 1] === 0x7d;
}

function addCounts(into: Record<string, number>, from: Record<string, number>) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/**
 * Reads a decompressed dump and stages its cf-apps LRPs in scratch files named after `base`. NDJSON (the
 * usual case) is cut at line ends into blocks of about 1 MB that a worker thread parses and stages while
 * this thread receives and hashes the next bytes, parsing blocks itself whenever the worker is busy; JSON
 * arrays and pretty-printed output are read here with the byte scanner. Memory holds a few blocks,
 * whatever the size of the dump.
 */
export async function stageDump(dump: Readable, base: string): Promise<StagedDump> {
  const sha = createHash("sha256");
  const out: StagedDump = { hash: "", bytes: 0, records: 0, otherDomains: {}, warnings: [], files: [] };
  let mode: "ndjson" | "scan" | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;

  // scan mode: this thread parses into its own staging file
  let scan: ReturnType<typeof stageRecords> | null = null;
  let scanStaging = null as ReturnType<typeof openStaging> | null;

  // ndjson mode: blocks go to the workers; when they are busy, this thread parses the block itself
  // (into its own staging file) rather than wait with a core idle
  let workers = null as UploadWorkers | null;
  let local = null as Staging | null;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 1;
  let atWorkers = 0;
  // replies in dump order, so that the first bad line is the one reported
  const queue: Slot[] = [];
  const consume = (r: BlockReply) => {
    if (!r.ok) throw new DumpFormatError(r.message, r.line);
    out.records += r.records;
    addCounts(out.otherDomains, r.otherDomains);
    out.warnings.push(...r.warnings);
  };
  const settleReady = () => {
    while (queue.length && queue[0].reply) consume(queue.shift()!.reply!);
  };
  const settleOne = async () => {
    consume(await queue.shift()!.promise);
  };
  const send = async (block: Uint8Array, last: boolean) => {
    const bytes = Buffer.from(block.buffer, block.byteOffset, block.byteLength);
    const first = line;
    line += countLines(bytes);
    // let the workers' replies in first: their messages wait behind the chunks this loop is consuming
    await new Promise(setImmediate);
    if (atWorkers < WORKER_QUEUE * workers!.files.length) {
      atWorkers++;
      const slot: Slot = { promise: workers!.stage(block, first, last) };
      slot.promise.then(
        (r) => {
          slot.reply = r;
          atWorkers--;
        },
        () => atWorkers--,
      );
      queue.push(slot);
    } else {
      local ??= openStaging(stagingFile(base, "main"));
      const reply = blockReply(() => stageBlock(local!, bytes, first, last));
      queue.push({ reply, promise: Promise.resolve(reply) });
    }
    settleReady();
    while (queue.length > MAX_QUEUED) await settleOne();
  };

  const start = (ndjson: boolean) => {
    mode = ndjson ? "ndjson" : "scan";
    if (mode === "scan") {
      scanStaging = openStaging(stagingFile(base, "main"));
      scan = stageRecords(scanStaging, (onRow) => new RecordReader((v, l) => onRow(toLrpRow(extractLrp(v, l)))));
    } else {
      workers = new UploadWorkers((i) => stagingFile(base, i));
    }
  };

  /** The first `size` carried bytes, copied once into a block the worker takes over (transferred, not cloned). */
  const takeBlock = (size: number): Uint8Array => {
    const block = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const piece = carry[0];
      const n = Math.min(piece.length, size - at);
      block.set(n === piece.length ? piece : piece.subarray(0, n), at);
      at += n;
      if (n === piece.length) carry.shift();
      else carry[0] = piece.subarray(n);
    }
    carryBytes -= size;
    return block;
  };

  const feed = async (chunk: Buffer) => {
    if (mode === "scan") {
      scan!.rr.write(chunk);
      return;
    }
    carry.push(chunk);
    carryBytes += chunk.length;
    // cut blocks of about BLOCK_BYTES at line ends, however large the chunks that arrive
    while (carryBytes >= BLOCK_BYTES) {
      const cut = lineEndFrom(BLOCK_BYTES - 1);
      if (cut === -1) {
        if (carryBytes > MAX_RECORD_BYTES + BLOCK_BYTES) {
          const at = line + countLines(Buffer.concat(carry, carryBytes));
          throw new DumpFormatError(`line ${at} is longer than 8 MB: not a desired LRP`, at);
        }
        return;
      }
      await send(takeBlock(cut), false);
    }
  };

  /** Offset just past the first newline at or after `from` in the carried bytes, or -1. */
  const lineEndFrom = (from: number): number => {
    let base = 0;
    for (const piece of carry) {
      if (from < base + piece.length) {
        const i = piece.indexOf(NL, Math.max(0, from - base));
        if (i !== -1) return base + i + 1;
      }
      base += piece.length;
    }
    return -1;
  };

  try {
    for await (const c of dump as AsyncIterable<Buffer>) {
      const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c);
      sha.update(chunk);
      out.bytes += chunk.length;
      if (mode === null) {
        head.push(chunk);
        headBytes += chunk.length;
        const joined = Buffer.concat(head, headBytes);
        const nd = looksLikeNdjson(joined, false);
        if (nd === null) continue;
        head = [];
        headBytes = 0;
        start(nd);
        await feed(joined);
        continue;
      }
      await feed(chunk);
    }
    if (mode === null && headBytes > 0) {
      const joined = Buffer.concat(head, headBytes);
      start(looksLikeNdjson(joined, true) === true);
      await feed(joined);
    }
    if (mode === "scan") {
      out.warnings.push(...scan!.rr.end());
      scan!.flush();
      out.records = scan!.rr.records;
      addCounts(out.otherDomains, scan!.otherDomains);
    } else if (mode === "ndjson") {
      if (carryBytes > 0) {
        const rest = takeBlock(carryBytes);
        await send(rest, rest[rest.length - 1] !== NL);
      }
      while (queue.length) await settleOne();
    }
  } finally {
    // always release the files: the caller attaches them on success and deletes them in any case
    if (scanStaging) closeStaging(scanStaging);
    if (local) closeStaging(local);
    if (workers) {
      await Promise.allSettled(queue.map((q) => q.promise));
      await workers.close();
    }
  }
  out.hash = sha.digest("hex");
  const candidates = [...(workers?.files ?? []), stagingFile(base, "main")];
  out.files = candidates.filter((f) => existsSync(f));
  return out;
}
