import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { openUpload } from "@/lib/ingest/body";
import { IngestError } from "@/lib/ingest/errors";

/** Same variable and default as dump uploads (lib/ingest/upload.ts): a client that stops sending is dropped. */
const DEFAULT_UPLOAD_IDLE_SECONDS = 60;

/** A positive number from the environment, or the default. */
export function envNumber(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/**
 * The whole body of a small upload (a manifest, a Cloud Controller export) as bytes: raw, multipart field `file`
 * or gzip, through the same streaming reader as dumps, stopped with `too_large` (413) past `maxBytes` before it
 * is all read. On failure the body is left unread, as for dumps: the server answers, then drains and closes.
 */
export async function readSmallUpload(req: Request, what: string, maxBytes: number): Promise<Buffer> {
  if (!req.body) throw new IngestError("invalid", `the ${what} is empty`);
  const body = Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);
  try {
    const stream = await openUpload(
      body,
      { contentType: req.headers.get("content-type"), contentEncoding: req.headers.get("content-encoding") },
      maxBytes,
      { idleMs: envNumber("UPLOAD_IDLE_SECONDS", DEFAULT_UPLOAD_IDLE_SECONDS) * 1000 },
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  } catch (err) {
    if (err instanceof IngestError && err.kind === "too_large") throw new IngestError("too_large", `the ${what} is larger than the limit of ${maxBytes} bytes`, { limit: maxBytes });
    throw err;
  }
}
