import { PassThrough, Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sampleDump } from "@/lib/testing/samples";
import { openUpload, type UploadOptions } from "./body";
import { IngestError } from "./errors";

const SAMPLE = sampleDump();
const RAW = { contentType: "application/x-www-form-urlencoded", contentEncoding: null };
const BOUNDARY = "----rr-test-boundary";
const FORM = { contentType: `multipart/form-data; boundary=${BOUNDARY}`, contentEncoding: null };

const multipart = (file: Buffer, field = "file") =>
  Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="lrps.ndjson"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);

async function readAll(dump: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of dump) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Opens the upload and reads it to the end; resolves with the bytes or the error it failed with. */
async function outcome(body: Readable, headers = RAW, opts: UploadOptions = {}): Promise<Buffer | unknown> {
  try {
    return await readAll(await openUpload(body, headers, 1e9, opts));
  } catch (e) {
    return e;
  }
}

describe("openUpload", () => {
  it("reads the file field of a complete multipart body", async () => {
    expect(await outcome(Readable.from([multipart(SAMPLE)]), FORM)).toEqual(SAMPLE);
  });

  it("refuses a multipart body cut off before its closing boundary, saying it was cut off", async () => {
    const whole = multipart(SAMPLE);
    const e = await outcome(Readable.from([whole.subarray(0, whole.length - 200)]), FORM);
    expect(e).toBeInstanceOf(IngestError);
    expect(e).toMatchObject({ kind: "invalid", message: expect.stringMatching(/ends before its closing boundary: the upload was cut off/) });
  });

  it("refuses a multipart body without the field `file`", async () => {
    const e = await outcome(Readable.from([multipart(SAMPLE, "dump")]), FORM);
    expect(e).toMatchObject({ kind: "invalid", message: expect.stringMatching(/no field `file`/) });
  });

  it("fails as idle when the client sends nothing for the idle time", async () => {
    const body = new PassThrough();
    body.write(SAMPLE.subarray(0, 500));
    const started = Date.now();
    const e = await outcome(body, RAW, { idleMs: 300 });
    expect(e).toBeInstanceOf(IngestError);
    expect(e).toMatchObject({ kind: "idle", message: expect.stringMatching(/nothing arrived for 0.3 s \(UPLOAD_IDLE_SECONDS\)/) });
    expect(Date.now() - started).toBeLessThan(2000);
    // the request body is left to the server, which answers first and then drains it
    expect(body.destroyed).toBe(false);
  });

  it("does not count time the reader is slow as the client's idleness", async () => {
    const piece = Buffer.alloc(64 * 1024, 0x61);
    const body = new PassThrough();
    // the client has more to send than the stages hold: its bytes wait for the reader
    for (let i = 0; i < 64; i++) body.write(piece);
    const dump = await openUpload(body, RAW, 1e9, { idleMs: 200 });
    await new Promise((r) => setTimeout(r, 700));
    const read = readAll(dump);
    body.end();
    expect((await read).length).toBe(64 * piece.length);
  });

  it("fails with the abort reason when the upload is aborted, and leaves the request body alone", async () => {
    const body = new PassThrough();
    body.write(SAMPLE.subarray(0, 500));
    const upload = new AbortController();
    const dump = await openUpload(body, RAW, 1e9, { signal: upload.signal });
    const read = readAll(dump).catch((e: unknown) => e);
    const reason = new IngestError("aborted", "the server is shutting down");
    upload.abort(reason);
    expect(await read).toBe(reason);
    expect(body.destroyed).toBe(false);
  });

  it("reports a request body that breaks off as the client going away", async () => {
    const body = new PassThrough();
    body.write(SAMPLE.subarray(0, 500));
    const dump = await openUpload(body, RAW, 1e9);
    const read = readAll(dump).catch((e: unknown) => e);
    body.destroy(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    expect(await read).toMatchObject({ kind: "aborted", message: expect.stringMatching(/connection closed before the upload ended/) });
  });
});
