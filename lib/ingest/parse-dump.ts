import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { DumpFormatError, extractLrp } from "@/lib/cfdot/extract";
import { MAX_RECORD_BYTES, RecordReader } from "@/lib/cfdot/records";
import type { BlockResult } from "./parse-block";
import { toLrpRow, unpackRows, type LrpRow } from "./lrp-row";
import { parsePool } from "./parse-pool";

export interface ParsedDump {
  /** sha256 of the decompressed bytes, for per-foundation dedupe */
  hash: string;
  bytes: number;
  records: number;
  warnings: string[];
}

const BLOCK_BYTES = 512 * 1024;
const MAX_IN_FLIGHT = 6;
const NL = 0x0a;

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(NL); i !== -1; i = buf.indexOf(NL, i + 1)) n++;
  return n;
}

/** cfdot's own output: the first line is one whole JSON object. Anything else goes through the byte scanner. */
function looksLikeNdjson(head: Buffer): boolean | null {
  let s = 0;
  while (s < head.length && (head[s] === 0x20 || head[s] === 0x09 || head[s] === 0x0d || head[s] === NL)) s++;
  if (s === head.length) return null;
  if (head[s] !== 0x7b) return false;
  let e = head.indexOf(NL, s);
  if (e === -1) return head.length - s > MAX_RECORD_BYTES ? false : null;
  while (e > s && (head[e - 1] === 0x20 || head[e - 1] === 0x0d || head[e - 1] === 0x09)) e--;
  return head[e - 1] === 0x7d;
}

/**
 * Reads a decompressed dump and hands its LRPs, in dump order, to `onRows`. NDJSON (the usual case) is cut
 * into blocks of whole lines parsed by worker threads while this thread receives and hashes the next bytes;
 * JSON arrays and pretty-printed output are read here with the byte scanner. Memory holds a few blocks.
 */
export async function parseDump(dump: Readable, onRows: (rows: LrpRow[]) => void): Promise<ParsedDump> {
  const sha = createHash("sha256");
  let bytes = 0;
  let records = 0;
  const warnings: string[] = [];
  let mode: "ndjson" | "scan" | null = null;
  let head: Buffer[] = [];
  let headBytes = 0;

  // scan mode
  let reader: RecordReader | null = null;
  let scanRows: LrpRow[] = [];

  // ndjson mode
  const pool = parsePool();
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let line = 1;
  const inFlight: Promise<BlockResult>[] = [];
  const settle = async () => {
    const r = await inFlight.shift()!;
    if (!r.ok) throw new DumpFormatError(r.message, r.line);
    records += r.records;
    warnings.push(...r.warnings);
    if (r.records) onRows(unpackRows(r.rows));
  };
  const send = async (block: Buffer, last: boolean) => {
    inFlight.push(pool.parse(block, line, last));
    inFlight[inFlight.length - 1].catch(() => {});
    line += countLines(block);
    while (inFlight.length >= MAX_IN_FLIGHT) await settle();
  };

  const feed = async (chunk: Buffer) => {
    if (mode === "scan") {
      reader!.write(chunk);
      if (scanRows.length >= 2000) {
        onRows(scanRows);
        scanRows = [];
      }
      return;
    }
    carry.push(chunk);
    carryBytes += chunk.length;
    if (carryBytes < BLOCK_BYTES) return;
    const nl = chunk.lastIndexOf(NL);
    if (nl === -1) {
      if (carryBytes > MAX_RECORD_BYTES + BLOCK_BYTES) {
        throw new DumpFormatError(`line ${line + countLines(Buffer.concat(carry))}: a line longer than 8 MB is not a desired LRP`, line);
      }
      return;
    }
    const cut = carryBytes - (chunk.length - nl - 1);
    const all = Buffer.concat(carry, carryBytes);
    carry = cut < carryBytes ? [all.subarray(cut)] : [];
    carryBytes -= cut;
    await send(all.subarray(0, cut), false);
  };

  for await (const c of dump as AsyncIterable<Buffer>) {
    const chunk = Buffer.isBuffer(c) ? c : Buffer.from(c);
    sha.update(chunk);
    bytes += chunk.length;
    if (mode === null) {
      head.push(chunk);
      headBytes += chunk.length;
      const joined = Buffer.concat(head, headBytes);
      const nd = looksLikeNdjson(joined);
      if (nd === null) continue;
      head = [];
      headBytes = 0;
      mode = nd ? "ndjson" : "scan";
      if (mode === "scan") reader = new RecordReader((v, l) => scanRows.push(toLrpRow(extractLrp(v, l))));
      await feed(joined);
      continue;
    }
    await feed(chunk);
  }
  if (mode === null && headBytes > 0) {
    // only whitespace, or one line without a newline
    mode = looksLikeNdjson(Buffer.concat([...head, Buffer.from("\n")])) ? "ndjson" : "scan";
    if (mode === "scan") reader = new RecordReader((v, l) => scanRows.push(toLrpRow(extractLrp(v, l))));
    await feed(Buffer.concat(head, headBytes));
  }
  if (mode === "scan") {
    warnings.push(...reader!.end());
    records = reader!.records;
    if (scanRows.length) onRows(scanRows);
  } else if (mode === "ndjson") {
    if (carryBytes > 0) {
      const rest = Buffer.concat(carry, carryBytes);
      await send(rest, rest[rest.length - 1] !== NL);
    }
    while (inFlight.length) await settle();
  }
  return { hash: sha.digest("hex"), bytes, records, warnings };
}
