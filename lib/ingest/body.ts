import busboy from "busboy";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { createGunzip } from "node:zlib";
import { ApiError } from "@/lib/api/errors";

export interface UploadHeaders {
  contentType: string | null;
  contentEncoding: string | null;
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

/** The `file` field of a multipart body, streamed (request.formData() would buffer the whole dump). */
function multipartFile(body: Readable, contentType: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let found = false;
    const bb = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fields: 20 } });
    bb.on("file", (name, file) => {
      if (name !== "file" || found) {
        file.resume();
        return;
      }
      found = true;
      resolve(file);
    });
    bb.on("error", () => reject(new ApiError(422, "the multipart body is malformed: send the dump as field `file`")));
    bb.on("close", () => {
      if (!found) reject(new ApiError(422, "the multipart body has no field `file`: send the dump as field `file`"));
    });
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
      done(new ApiError(413, `the dump is larger than the limit of ${this.max} bytes (MAX_UPLOAD_BYTES)`, { limit: this.max }));
      return;
    }
    done(null, chunk);
  }
}

/**
 * The dump's decompressed bytes, whatever the transport: raw body (`curl --data-binary`) or multipart field
 * `file` (curl -F, browsers), plain or gzip. Content is sniffed; Content-Type is only trusted to name a
 * multipart boundary that the body really starts with.
 */
export async function openUpload(body: Readable, headers: UploadHeaders, maxBytes: number): Promise<Readable> {
  let source = body;
  const boundary = multipartBoundary(headers.contentType);
  if (boundary) {
    const peeked = await peek(source, boundary.length + 2);
    source = peeked.stream;
    if (peeked.head.toString("latin1", 0, boundary.length + 2) === `--${boundary}`) {
      source = await multipartFile(source, headers.contentType!);
    }
  }
  const { head, stream } = await peek(source, 2);
  source = stream;
  const gzipped = head.length >= 2 && head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1;
  if (!gzipped && headers.contentEncoding && /gzip/i.test(headers.contentEncoding) && !boundary) {
    throw new ApiError(422, "Content-Encoding says gzip but the body is not gzip data");
  }
  const limit = new SizeLimit(maxBytes);
  if (gzipped) {
    const gunzip = createGunzip();
    source.on("error", (e) => gunzip.destroy(e));
    gunzip.on("error", (e) => limit.destroy(e));
    source.pipe(gunzip).pipe(limit);
  } else {
    source.on("error", (e) => limit.destroy(e));
    source.pipe(limit);
  }
  return limit;
}

/** zlib's errors for cut-off or corrupt gzip, mapped to what the user should hear. */
export function gzipError(err: unknown): ApiError | null {
  const code = (err as { code?: string } | null)?.code;
  if (code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR" || code === "Z_STREAM_ERROR") {
    const truncated = code === "Z_BUF_ERROR";
    return new ApiError(
      422,
      truncated
        ? "the gzip stream is truncated: the file was cut off before its end; copy it again"
        : "the gzip data is corrupt: copy the file again",
    );
  }
  return null;
}
