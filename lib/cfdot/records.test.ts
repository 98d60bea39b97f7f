import { sampleDump } from "@/lib/testing/samples";
import { describe, expect, it } from "vitest";
import { DumpFormatError } from "./extract";
import { MAX_RECORD_BYTES, RecordReader } from "./records";

const SAMPLE = sampleDump();
const sampleObjects = SAMPLE.toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

interface Read {
  values: unknown[];
  lines: number[];
  warnings: string[];
}

/** Feeds the input in chunks of `size` bytes (1 = byte by byte) to prove chunk boundaries never matter. */
function read(input: string | Buffer, size = 64 * 1024): Read {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input, "utf8");
  const values: unknown[] = [];
  const lines: number[] = [];
  const reader = new RecordReader((v, line) => {
    values.push(v);
    lines.push(line);
  });
  for (let i = 0; i < buf.length; i += size) reader.write(buf.subarray(i, i + size));
  return { values, lines, warnings: reader.end() };
}

function failure(input: string, size?: number): DumpFormatError {
  try {
    read(input, size);
  } catch (e) {
    if (e instanceof DumpFormatError) return e;
    throw e;
  }
  throw new Error("expected the reader to reject the input");
}

const pretty = sampleObjects.map((o) => JSON.stringify(o, null, 2)).join("\n") + "\n";

describe("RecordReader", () => {
  it("reads cfdot's NDJSON, one record per line", () => {
    const r = read(SAMPLE);
    expect(r.values).toEqual(sampleObjects);
    expect(r.lines).toEqual([1, 2, 3]);
    expect(r.warnings).toEqual([]);
  });

  it("gives the same records whatever the chunk boundaries, for every shape", () => {
    const shapes = [
      SAMPLE.toString("utf8"),
      JSON.stringify(sampleObjects),
      JSON.stringify(sampleObjects, null, 2),
      pretty,
    ];
    for (const s of shapes) {
      for (const size of [1, 7, 4096]) expect(read(s, size).values).toEqual(sampleObjects);
    }
  });

  it("reports the line where each pretty-printed record starts (jq . output)", () => {
    const r = read(pretty);
    const firstLen = JSON.stringify(sampleObjects[0], null, 2).split("\n").length;
    expect(r.lines[0]).toBe(1);
    expect(r.lines[1]).toBe(firstLen + 1);
  });

  it("reads a JSON array from jq -s, compact and pretty, and an empty array", () => {
    expect(read(JSON.stringify(sampleObjects)).values).toHaveLength(3);
    expect(read(JSON.stringify(sampleObjects, null, 2)).values).toHaveLength(3);
    expect(read("[]\n").values).toHaveLength(0);
  });

  it("skips blank lines, CRLF line ends and a UTF-8 byte order mark", () => {
    const crlf = "\ufeff\r\n" + SAMPLE.toString("utf8").trim().split("\n").join("\r\n\r\n") + "\r\n";
    const r = read(crlf);
    expect(r.values).toEqual(sampleObjects);
    expect(r.lines).toEqual([2, 4, 6]);
  });

  it("decodes cfdot's HTML escapes and multi-byte names split across chunks", () => {
    const line = '{"process_guid":"p","name":"\\u003cb\\u003e caf\u00e9 \u{1F680}"}\n';
    expect(read(line, 1).values).toEqual([{ process_guid: "p", name: "<b> caf\u00e9 \u{1F680}" }]);
  });

  it("warns when the last line has no newline", () => {
    expect(read(SAMPLE.toString("utf8").trimEnd()).warnings).toEqual(["last line has no newline: the dump may be truncated"]);
  });

  it("rejects a malformed line with its number", () => {
    const lines = SAMPLE.toString("utf8").trim().split("\n");
    const bad = [lines[0], '{"process_guid": oops}', lines[2]].join("\n") + "\n";
    for (const size of [1, 100, 65536]) {
      const e = failure(bad, size);
      expect(e.line).toBe(2);
      expect(e.message).toContain("line 2");
      expect(e.message).not.toContain("oops");
    }
  });

  it("rejects a line cut off by a truncated copy, naming the line where it starts", () => {
    const lines = SAMPLE.toString("utf8").trim().split("\n");
    const truncated = [lines[0], lines[1], lines[2].slice(0, 1500)].join("\n");
    const e = failure(truncated);
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/truncated/);
  });

  it("rejects a record that is not an object, or content that is not JSON, at its line", () => {
    expect(failure("hello world\n").line).toBe(1);
    expect(failure(`${SAMPLE.toString("utf8")}42\n`).line).toBe(4);
    expect(failure("\n\nprocess_guid: x\n").line).toBe(3);
  });

  it("rejects malformed JSON inside a pretty-printed record at the record's first line", () => {
    const text = `${JSON.stringify({ a: 1 }, null, 2)}\n{\n  "process_guid": "x",\n  "privileged": tru\n}\n`;
    expect(failure(text).line).toBe(4);
  });

  it("rejects a record over MAX_RECORD_BYTES whatever the shape and the chunk size, naming its line and never quoting it", () => {
    const big = JSON.stringify({ process_guid: "QUOTED", privileged: false, pad: "x".repeat(MAX_RECORD_BYTES) });
    const small = JSON.stringify(sampleObjects[0]);
    const shapes = {
      ndjson: `${small}\n${big}\n`,
      pretty: `${small}\n${JSON.stringify(JSON.parse(big), null, 2)}\n`,
      array: `[${small},\n${big}]`,
    };
    for (const [shape, text] of Object.entries(shapes)) {
      // one chunk holding the whole record, and chunks that split it
      for (const size of [text.length, 64 * 1024]) {
        const e = failure(text, size);
        expect(e.line, `${shape} in chunks of ${size}`).toBe(2);
        expect(e.message).toMatch(/^line 2: .*larger than 8 MB/);
        expect(e.message).not.toContain("QUOTED");
      }
    }
    // at the limit itself the record is read
    const fits = JSON.stringify({ process_guid: "p", privileged: false, pad: "" });
    const atLimit = fits.replace('"pad":""', `"pad":"${"x".repeat(MAX_RECORD_BYTES - fits.length)}"`);
    expect(Buffer.byteLength(atLimit)).toBe(MAX_RECORD_BYTES);
    expect(read(`${atLimit}\n`, atLimit.length + 1).values).toHaveLength(1);
  });

  it("rejects a truncated or unclosed JSON array", () => {
    const arr = JSON.stringify(sampleObjects, null, 2);
    expect(failure(arr.slice(0, arr.length - 1)).message).toMatch(/not closed|truncated/);
    expect(failure(arr.slice(0, 2000)).message).toMatch(/truncated/);
    expect(failure('[{"a":1} {"b":2}]').message).toMatch(/expected `,`/);
  });
});
