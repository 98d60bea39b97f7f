import busboy from "busboy";
import { PassThrough, Readable, Transform, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { IngestError } from "./errors";

export interface UploadHeaders {
  contentType: string | null;
  contentEncoding: string | null;
}

export interface UploadOptions {
  /** the upload fails as `idle` once the client has sent nothing for this long */
  idleMs?: number;
  /** aborting fails the upload with the signal's reason (an IngestError) */
  signal?: AbortSignal;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** Reads the first bytes of a stream without losing them. */
async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const it = stream[Symbol.asyncIterator]();
  while (size < bytes) {
    const { value, done } = await it.next();
    if (done) break;
    const buf = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    chunks.push(buf);
    size += buf.length;
  }
  const head = Buffer.concat(chunks, size);
  async function* replay() {
    if (head.length) yield head;
    for (;;) {
      const { value, done } = await it.next();
      if (done) return;
      yield Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    }
  }
  return { head, stream: Readable.from(replay(), { objectMode: false }) };
}

function multipartBoundary(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : null;
}

/** busboy's errors in the uploader's words (its own name parts of the input, so they are never passed on). */
function multipartError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const cutOff = err instanceof Error && /^Unexpected end of (form|file)$/.test(err.message);
  return new IngestError(
    "invalid",
    cutOff
      ? "the multipart body ends before its closing boundary: the upload was cut off; send the file again"
      : "the multipart body is malformed: send the dump as field `file`",
  );
}

/** The `file` field of a multipart body, streamed (request.formData() would buffer the whole dump). */
function multipartFile(body: Readable, contentType: string, part: PassThrough): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let found = false;
    const fail = (e: unknown) => {
      if (found) part.destroy(multipartError(e));
      else reject(multipartError(e));
    };
    const bb = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 20 } });
    bb.on("file", (name, file) => {
      if (name !== "file" || found) {
        file.resume();
        return;
      }
      found = true;
      file.on("error", fail);
      file.pipe(part);
      resolve(part);
    });
    bb.on("error", fail);
    bb.on("close", () => {
      if (!found) reject(new IngestError("invalid", "the multipart body has no field `file`: send the dump as field `file`"));
    });
    part.on("close", () => bb.destroy());
    body.on("error", (e) => bb.destroy(e));
    body.pipe(bb);
  });
}

/** Counts decompressed bytes and stops the stream past the limit (a small gzip can inflate enormously). */
class SizeLimit extends Transform {
  bytes = 0;
  constructor(private readonly max: number) {
    super();
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      done(new IngestError("too_large", `the dump is larger than the limit of ${this.max} bytes (MAX_UPLOAD_BYTES)`, { limit: this.max }));
      return;
    }
    done(null, chunk);
  }
}

/**
 * Fails the upload when the client sends nothing for `ms`. Time spent waiting for ingest (bytes held here
 * because the next stage is busy) is the server's, not the client's, and never counts.
 */
class IdleWatch extends Transform {
  private timer: NodeJS.Timeout | null = null;
  constructor(private readonly ms: number) {
    super();
    this.arm();
  }
  private arm() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = Number.isFinite(this.ms) ? setTimeout(() => this.expire(), this.ms) : null;
  }
  private expire() {
    if (this.writableLength > 0 || this.readableLength > 0) return this.arm();
    const seconds = Math.round(this.ms / 100) / 10;
    this.destroy(new IngestError("idle", `nothing arrived for ${seconds} s (UPLOAD_IDLE_SECONDS): the upload was stopped and nothing was stored; send it again`));
  }
  _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.arm();
    done(null, chunk);
  }
  _flush(done: TransformCallback) {
    if (this.timer) clearTimeout(this.timer);
    done();
  }
  _destroy(err: Error | null, done: (err: Error | null) => void) {
    if (this.timer) clearTimeout(this.timer);
    done(err);
  }
}

/** Errors of the request body itself are the transport's: the client went away before the body ended. */
function clientGone(err: Error): IngestError {
  return err instanceof IngestError ? err : new IngestError("aborted", "the connection closed before the upload ended: nothing was stored");
}

/**
 * The dump's decompressed bytes, whatever the transport: raw body (`curl --data-binary`) or multipart field
 * `file` (curl -F, browsers), plain or gzip. Content is sniffed; Content-Type is only trusted to name a
 * multipart boundary that the body really starts with.
 *
 * Every failure is an IngestError on the returned stream. Destroying that stream tears the stages down but
 * never `body` itself: destroying a request body resets the connection before the client reads the answer.
 */
export async function openUpload(body: Readable, headers: UploadHeaders, maxBytes: number, opts: UploadOptions = {}): Promise<Readable> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const stages: Readable[] = [];
  let dump: Readable | null = null;
  /** An internal stage: torn down with the upload, and its errors fail the upload at once, whatever is being read. */
  const stage = <S extends Readable>(s: S, mapError: (e: Error) => Error = (e) => e): S => {
    stages.push(s);
    s.on("error", (e) => dump?.destroy(mapError(e)));
    return s;
  };
  const watch = stage(new IdleWatch(opts.idleMs ?? Infinity));
  const abort = () => {
    const reason = signal!.reason as Error;
    watch.destroy(reason);
    dump?.destroy(reason);
  };
  const teardown = () => {
    signal?.removeEventListener("abort", abort);
    for (const s of stages) s.destroy();
  };
  signal?.addEventListener("abort", abort, { once: true });
  body.on("error", (e) => watch.destroy(clientGone(e)));
  body.pipe(watch);
  try {
    let source: Readable = watch;
    const boundary = multipartBoundary(headers.contentType);
    if (boundary) {
      const peeked = await peek(source, boundary.length + 2);
      source = stage(peeked.stream);
      if (peeked.head.toString("latin1", 0, boundary.length + 2) === `--${boundary}`) {
        source = await multipartFile(source, headers.contentType!, stage(new PassThrough()));
      }
    }
    const { head, stream } = await peek(source, 2);
    source = stage(stream);
    const gzipped = head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
    if (!gzipped && headers.contentEncoding && /gzip/i.test(headers.contentEncoding) && !boundary) {
      throw new IngestError("invalid", "Content-Encoding says gzip but the body is not gzip data");
    }
    const limit = new SizeLimit(maxBytes);
    if (gzipped) source = source.pipe(stage(createGunzip(), (e) => gzipError(e) ?? e));
    source.pipe(limit);
    limit.once("close", teardown);
    dump = limit;
    return limit;
  } catch (err) {
    teardown();
    throw err;
  }
}

/** zlib's errors for cut-off or corrupt gzip, mapped to what the user should hear. */
export function gzipError(err: unknown): IngestError | null {
  const code = (err as { code?: string } | null)?.code;
  if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" || code === "Z_STREAM_ERROR") {
    const truncated = code === "Z_BUF_ERROR";
    return new IngestError(
      "invalid",
      truncated
        ? "the gzip stream is truncated: the file was cut off before its end; copy it again"
        : "the gzip data is corrupt: copy the file again",
    );
  }
  return null;
}
