import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import type { Readable } from "node:stream";
import { DumpFormatError, extractLrp } from "@/lib/cfdot/extract";
import { MAX_RECORD_BYTES, RecordReader } from "@/lib/cfdot/records";
import { IngestError } from "./errors";
import { toLrpRow } from "./lrp-row";
import { UploadWorkers } from "./parse-pool";
import {
  closeStaging, DomainCounts, failureReply, openStaging, parseBlock, replyError, stageRecords, stagingFile, type BlockReply, type Staging,
} from "./staging";

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
  /** staging files holding the dump's cf-apps LRPs, one per parsing thread that got a share */
  files: string[];
}

const BLOCK_BYTES = 1024 * 1024;
/** blocks queued per worker before this thread parses the next one itself */
const WORKER_QUEUE = 3;
/** blocks parsed but not yet accounted for, at most (bounds memory) */
const MAX_QUEUED = 8;
/** cfdot never writes blank space before the first record; this much of it is not a dump */
export const MAX_LEADING_BLANK_BYTES = 1024 * 1024;
const DEFAULT_MAX_LRPS = 1_000_000;
const NL = 0x0a;

export function maxLrps(): number {
  const v = Number(process.env.MAX_LRPS);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_LRPS;
}

const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d || b === NL;

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++;
  return n;
}

/**
 * Decides the dump's shape from its first bytes. Leading blank space is counted (for line numbers), never
 * kept; after it, bytes are kept only until the first line ends. cfdot's own output (the first line is one
 * whole JSON object) is NDJSON; anything else goes through the byte scanner.
 */
class ShapeSniffer {
  blankBytes = 0;
  blankLines = 0;
  private kept: Buffer[] = [];
  private keptBytes = 0;

  /** Feeds a chunk; returns the decision once it can be made. */
  feed(chunk: Buffer): "ndjson" | "scan" | null {
    let start = 0;
    if (this.keptBytes === 0) {
      while (start < chunk.length && isBlank(chunk[start])) {
        if (chunk[start] === NL) this.blankLines++;
        start++;
      }
      this.blankBytes += start;
      if (this.blankBytes > MAX_LEADING_BLANK_BYTES) {
        throw new DumpFormatError(
          `line ${this.blankLines + 1}: the body starts with more than 1 MB of blank space: this is not \`cfdot desired-lrps\` output`,
          this.blankLines + 1,
        );
      }
      if (start === chunk.length) return null;
      chunk = chunk.subarray(start);
      if (chunk[0] !== 0x7b) {
        this.kept.push(chunk);
        this.keptBytes += chunk.length;
        return "scan";
      }
    }
    this.kept.push(chunk);
    this.keptBytes += chunk.length;
    const nl = chunk.indexOf(NL);
    if (nl === -1) return this.keptBytes > MAX_RECORD_BYTES ? "scan" : null;
    return this.firstLineIsObject() ? "ndjson" : "scan";
  }

  /** At the end of the body: null when it was blank throughout. */
  end(): "ndjson" | "scan" | null {
    if (this.keptBytes === 0) return null;
    return this.firstLineIsObject() ? "ndjson" : "scan";
  }

  /** The bytes after the leading blank space, handed over once. */
  take(): Buffer[] {
    const k = this.kept;
    this.kept = [];
    this.keptBytes = 0;
    return k;
  }

  private firstLineIsObject(): boolean {
    const head = Buffer.concat(this.kept, this.keptBytes);
    let e = head.indexOf(NL);
    if (e === -1) e = head.length;
    while (e > 0 && isBlank(head[e - 1])) e--;
    return head[0] === 0x7b && head[e - 1] === 0x7d;
  }
}

/**
 * Reads a decompressed dump and stages its cf-apps LRPs in scratch files in `folder`. NDJSON (the usual case)
 * is cut at line ends into blocks of about 1 MB that a worker thread parses and stages while this thread
 * receives and hashes the next bytes, parsing blocks itself whenever the worker is busy (the worker stages
 * those rows too, so that one parse worker means one staging file and nothing to combine); JSON arrays and
 * pretty-printed output are read here with the byte scanner. Memory holds a few blocks, whatever the size
 * of the dump, and nothing grows with the number of records: they go to disk.
 */
export async function stageDump(dump: Readable, folder: string): Promise<StagedDump> {
  const sha = createHash("sha256");
  const out: StagedDump = { hash: "", bytes: 0, records: 0, otherDomains: {}, warnings: [], files: [] };
  const domains = new DomainCounts();
  const limit = maxLrps();
  const sniffer = new ShapeSniffer();
  let mode: "ndjson" | "scan" | null = null;
  const countRecords = (n: number) => {
    out.records += n;
    if (out.records > limit) {
      throw new IngestError("too_large", `the dump has more than ${limit} LRPs (MAX_LRPS): not one foundation's desired LRPs`, { limit });
    }
  };

  // scan mode: this thread parses into its own staging file
  let scan: ReturnType<typeof stageRecords> | null = null;
  let scanStaging = null as Staging | null;

  // ndjson mode: blocks go to the workers; when they are busy, this thread parses the block itself rather
  // than wait with a core idle, and hands the rows to the first worker to stage
  let workers = null as UploadWorkers | null;
  const carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 1;
  let atWorkers = 0;
  // replies in dump order, so that the first bad line is the one reported
  const queue: Slot[] = [];
  const consume = (r: BlockReply) => {
    if (!r.ok) throw replyError(r);
    countRecords(r.records);
    domains.addAll(r.otherDomains);
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
      // the workers are busy: parse here, and let the first worker stage the rows with its own
      let parsed: ReturnType<typeof parseBlock> | null = null;
      let failed: BlockReply | null = null;
      try {
        parsed = parseBlock(bytes, first, last);
      } catch (e) {
        failed = failureReply(e);
      }
      if (failed || !parsed) {
        queue.push({ reply: failed!, promise: Promise.resolve(failed!) });
      } else {
        const { rows, ...counts } = parsed;
        const slot: Slot = {
          promise: workers!.stageRows(rows).then((r): BlockReply => (r.ok ? { ok: true, ...counts } : r)),
        };
        slot.promise.then((r) => (slot.reply = r), () => {});
        queue.push(slot);
      }
    }
    settleReady();
    while (queue.length > MAX_QUEUED) await settleOne();
  };

  const start = (shape: "ndjson" | "scan") => {
    mode = shape;
    line = 1 + sniffer.blankLines;
    if (mode === "scan") {
      scanStaging = openStaging(stagingFile(folder, "main"));
      scan = stageRecords(scanStaging, (onRow) => new RecordReader((v, l) => onRow(toLrpRow(extractLrp(v, l))), line));
    } else {
      workers = new UploadWorkers((i) => stagingFile(folder, i));
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

  const feed = async (chunk: Buffer) => {
    if (mode === "scan") {
      scan!.rr.write(chunk);
      countRecords(scan!.rr.records - out.records);
      return;
    }
    carry.push(chunk);
    carryBytes += chunk.length;
    // cut blocks of about BLOCK_BYTES at line ends, however large the chunks that arrive
    while (carryBytes >= BLOCK_BYTES) {
      const cut = lineEndFrom(BLOCK_BYTES - 1);
      if (cut === -1) {
        if (carryBytes > MAX_RECORD_BYTES + BLOCK_BYTES) {
          throw new DumpFormatError(`line ${line} is longer than 8 MB: not a desired LRP`, line);
        }
        return;
      }
      await send(takeBlock(cut), false);
    }
  };

  let failed = false;
  try {
    for await (const c of dump as AsyncIterable<Buffer>) {
      const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c);
      sha.update(chunk);
      out.bytes += chunk.length;
      if (mode === null) {
        const shape = sniffer.feed(chunk);
        if (shape === null) continue;
        start(shape);
        for (const piece of sniffer.take()) await feed(piece);
        continue;
      }
      await feed(chunk);
    }
    if (mode === null) {
      const shape = sniffer.end();
      if (shape !== null) {
        start(shape);
        for (const piece of sniffer.take()) await feed(piece);
      }
    }
    if (mode === "scan") {
      out.warnings.push(...scan!.rr.end());
      scan!.flush();
      countRecords(scan!.rr.records - out.records);
      domains.addAll(scan!.otherDomains.entries());
    } else if (mode === "ndjson") {
      if (carryBytes > 0) {
        const rest = takeBlock(carryBytes);
        await send(rest, rest[rest.length - 1] !== NL);
      }
      while (queue.length) await settleOne();
    }
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    // always release the files: the writer attaches them on success, and the scratch folder goes in any case
    if (scanStaging) closeStaging(scanStaging);
    if (workers) {
      await Promise.allSettled(queue.map((q) => q.promise));
      // after a failure the first error is the one to report; a file a worker could not close is removed with the folder
      const closed = workers.close();
      if (failed) await closed.catch(() => {});
      else await closed;
    }
  }
  out.hash = sha.digest("hex");
  out.otherDomains = Object.fromEntries(domains.entries());
  const candidates = [stagingFile(folder, "main"), ...(workers?.files ?? [])];
  out.files = candidates.filter((f) => existsSync(f));
  return out;
}
