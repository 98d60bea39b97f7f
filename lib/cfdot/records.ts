import { DumpFormatError } from "./extract";

/** One LRP in cfdot's output is a few KB; anything this large is not a desired LRP and would defeat flat memory. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;

export type DumpShape = "ndjson" | "array" | "concatenated";

export type RecordHandler = (value: unknown, line: number) => void;

const isSpace = (b: number) => b === SPACE || b === NL || b === CR || b === TAB;

/** The one message for a record over MAX_RECORD_BYTES, wherever the reader notices it. */
function tooLarge(line: number): DumpFormatError {
  return new DumpFormatError(`line ${line}: the record that starts here is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB: not a desired LRP`, line);
}

function parseRecord(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input: never pass it on (it may carry credentials).
    throw new DumpFormatError(`line ${line} is not valid JSON: the whole upload was rejected`, line);
  }
}

/**
 * Splits a decompressed dump into top-level JSON objects as bytes arrive, whatever its shape:
 * cfdot's NDJSON (the fast path: one JSON.parse per line), a JSON array (`jq -s`, compact or pretty),
 * or concatenated pretty-printed objects (`jq .`). Memory holds at most one record.
 */
export class RecordReader {
  shape: DumpShape | null = null;
  records = 0;
  private line = 1;
  // ndjson: bytes of the current, unterminated line
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private pendingLine = 1;
  // scanner (array / concatenated)
  private depth = 0;
  private inString = false;
  private escaped = false;
  private recordLine = 0;
  private piece: Buffer[] = [];
  private pieceBytes = 0;
  private arrayState: "open" | "value" | "comma" | "closed" = "open";
  private endedWithNewline = true;
  private sawBom = false;

  constructor(
    private readonly onRecord: RecordHandler,
    firstLine = 1,
  ) {
    this.line = firstLine;
    this.pendingLine = firstLine;
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.endedWithNewline = chunk[chunk.length - 1] === NL;
    let start = 0;
    if (this.shape === null) {
      start = this.detect(chunk);
      if (this.shape === null) return;
    }
    if (this.shape === "ndjson") this.writeLines(chunk, start);
    else this.scan(chunk, start);
  }

  /** Ends the stream; returns warnings a person should see. */
  end(): string[] {
    const warnings: string[] = [];
    if (this.shape === "ndjson") {
      if (this.pendingBytes > 0) {
        const rest = Buffer.concat(this.pending, this.pendingBytes);
        this.pending = [];
        this.pendingBytes = 0;
        this.handleLine(rest, 0, rest.length, this.pendingLine, true);
      }
      if (this.shape === "ndjson" && this.records > 0 && !this.endedWithNewline) {
        warnings.push("last line has no newline: the dump may be truncated");
      }
    }
    if (this.shape === "array" || this.shape === "concatenated") {
      if (this.depth > 0 || this.inString) {
        throw new DumpFormatError(
          `line ${this.recordLine}: the record that starts here never ends: the dump is truncated`,
          this.recordLine,
        );
      }
      if (this.shape === "array" && this.arrayState !== "closed") {
        throw new DumpFormatError(`line ${this.line}: the JSON array is not closed: the dump is truncated`, this.line);
      }
    }
    return warnings;
  }

  private detect(chunk: Buffer): number {
    let i = 0;
    if (!this.sawBom && this.line === 1 && chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      i = 3;
      this.sawBom = true;
    }
    for (; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === NL) this.line++;
      else if (!isSpace(b)) break;
    }
    if (i === chunk.length) return i;
    const b = chunk[i];
    if (b === LBRACKET) {
      this.shape = "array";
      return i;
    }
    if (b === LBRACE) {
      this.shape = "ndjson";
      this.pendingLine = this.line;
      return i;
    }
    throw new DumpFormatError(
      `line ${this.line} does not start a JSON object: expected the output of \`cfdot desired-lrps\``,
      this.line,
    );
  }

  private writeLines(chunk: Buffer, from: number): void {
    let start = from;
    for (;;) {
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) break;
      if (this.pendingBytes > 0) {
        this.pending.push(chunk.subarray(start, nl));
        const joined = Buffer.concat(this.pending, this.pendingBytes + (nl - start));
        this.pending = [];
        this.pendingBytes = 0;
        this.handleLine(joined, 0, joined.length, this.pendingLine, false);
      } else {
        this.handleLine(chunk, start, nl, this.line, false);
      }
      if (this.shape !== "ndjson") {
        // switched to the scanner: it takes over from the next line on
        this.line++;
        this.scan(chunk, nl + 1);
        return;
      }
      this.line++;
      this.pendingLine = this.line;
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.pending.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > MAX_RECORD_BYTES) throw tooLarge(this.pendingLine);
    }
  }

  private handleLine(buf: Buffer, s: number, e: number, line: number, last: boolean): void {
    while (s < e && isSpace(buf[s])) s++;
    while (e > s && isSpace(buf[e - 1])) e--;
    if (s === e) return;
    // A whole line can arrive in one chunk, or be joined from several: the limit holds either way.
    if (e - s > MAX_RECORD_BYTES) throw tooLarge(line);
    if (buf[s] === LBRACE && buf[e - 1] === RBRACE) {
      const value = parseRecord(buf.toString("utf8", s, e), line);
      this.records++;
      this.onRecord(value, line);
      return;
    }
    // Not a one-line object: pretty-printed output (`jq .`), or a record cut off by truncation.
    // Re-read this line with the byte scanner, which reports where a record starts and whether it ends.
    this.shape = "concatenated";
    this.line = line;
    this.scan(buf, s, e);
    if (last) this.line = line;
  }

  private fail(msg: string): never {
    throw new DumpFormatError(`line ${this.line} ${msg}`, this.line);
  }

  private scan(buf: Buffer, from: number, to = buf.length): void {
    let i = from;
    let pieceStart = this.depth > 0 ? from : -1;
    while (i < to) {
      const b = buf[i];
      if (this.depth > 0) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (b === BACKSLASH) this.escaped = true;
          else if (b === QUOTE) this.inString = false;
          else if (b === NL) this.line++;
        } else if (b === QUOTE) this.inString = true;
        else if (b === LBRACE || b === LBRACKET) this.depth++;
        else if (b === RBRACE || b === RBRACKET) {
          this.depth--;
          if (this.depth === 0) {
            this.piece.push(buf.subarray(pieceStart, i + 1));
            this.pieceBytes += i + 1 - pieceStart;
            this.emitPiece();
            pieceStart = -1;
          }
        } else if (b === NL) this.line++;
        i++;
        continue;
      }
      if (b === NL) {
        this.line++;
        i++;
        continue;
      }
      if (isSpace(b)) {
        i++;
        continue;
      }
      if (this.shape === "array") {
        if (this.arrayState === "open") {
          if (b !== LBRACKET) this.fail("does not start a JSON array");
          this.arrayState = "value";
          i++;
          continue;
        }
        if (this.arrayState === "closed") this.fail("has content after the end of the JSON array");
        if (this.arrayState === "comma") {
          if (b === COMMA) this.arrayState = "value";
          else if (b === RBRACKET) this.arrayState = "closed";
          else this.fail("is not valid JSON: expected `,` or `]` between records");
          i++;
          continue;
        }
        if (b === RBRACKET && this.records === 0) {
          this.arrayState = "closed";
          i++;
          continue;
        }
      }
      if (b !== LBRACE) this.fail("is not a JSON object: expected the output of `cfdot desired-lrps`");
      this.depth = 1;
      this.recordLine = this.line;
      pieceStart = i;
      i++;
    }
    if (this.depth > 0 && pieceStart !== -1) {
      this.piece.push(buf.subarray(pieceStart, to));
      this.pieceBytes += to - pieceStart;
      if (this.pieceBytes > MAX_RECORD_BYTES) throw tooLarge(this.recordLine);
    }
  }

  private emitPiece(): void {
    if (this.pieceBytes > MAX_RECORD_BYTES) throw tooLarge(this.recordLine);
    const bytes = this.piece.length === 1 ? this.piece[0] : Buffer.concat(this.piece, this.pieceBytes);
    this.piece = [];
    this.pieceBytes = 0;
    const value = parseRecord(bytes.toString("utf8"), this.recordLine);
    this.records++;
    if (this.shape === "array") this.arrayState = "comma";
    this.onRecord(value, this.recordLine);
  }
}
