import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { ApiError } from "@/lib/api/errors";
import { gzipError, openUpload } from "@/lib/ingest/body";

/**
 * The whole body of a small upload (a manifest, a Cloud Controller export) as bytes: raw, multipart field `file`
 * or gzip, through the same streaming reader as dumps, stopped with 413 past `maxBytes` before it is all read.
 */
export async function readSmallUpload(req: Request, what: string, maxBytes: number): Promise<Buffer> {
  if (!req.body) throw new ApiError(422, `the ${what} is empty`);
  const body = Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);
  try {
    const stream = await openUpload(body, { contentType: req.headers.get("content-type"), contentEncoding: req.headers.get("content-encoding") }, maxBytes);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (err) {
    body.destroy();
    if (err instanceof ApiError && err.status === 413) throw new ApiError(413, `the ${what} is larger than the limit of ${maxBytes} bytes`, { limit: maxBytes });
    throw gzipError(err) ?? err;
  }
}

/** A byte limit from the environment, or the default. */
export function envBytes(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
