// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import { DumpFormatError, extractLrp } from "../cfdot/extract";
import { RecordReader } from "../cfdot/records";
import { packRows, toLrpRow, type LrpRow } from "./lrp-row";

export type BlockResult =
  | { ok: true; rows: string; records: number; warnings: string[] }
  | { ok: false; message: string; line: number };

/**
 * Parses whole NDJSON lines starting at `firstLine`. A block always ends at a line end except the dump's
 * last one, where the reader reports a cut-off record.
 */
export function parseBlock(buf: Buffer, firstLine: number, last: boolean): BlockResult {
  const rows: LrpRow[] = [];
  const reader = new RecordReader((value, line) => rows.push(toLrpRow(extractLrp(value, line))), firstLine);
  try {
    reader.write(buf);
    const warnings = last ? reader.end() : (reader.end(), []);
    return { ok: true, rows: packRows(rows), records: reader.records, warnings };
  } catch (e) {
    if (e instanceof DumpFormatError) return { ok: false, message: e.message, line: e.line };
    return { ok: false, message: "the dump could not be read", line: firstLine };
  }
}
