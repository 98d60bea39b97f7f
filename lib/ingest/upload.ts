import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { DumpFormatError } from "@/lib/cfdot/extract";
import { snapshotDto } from "@/lib/data/snapshots";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { openUpload } from "./body";
import { IngestError } from "./errors";
import { admitUpload } from "./inflight";
import { ingestSnapshot } from "./ingest";

const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
const DEFAULT_UPLOAD_IDLE_SECONDS = 60;

function positiveEnv(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const maxUploadBytes = (): number => positiveEnv("MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES);
const uploadIdleMs = (): number => positiveEnv("UPLOAD_IDLE_SECONDS", DEFAULT_UPLOAD_IDLE_SECONDS) * 1000;

/**
 * POST /api/foundations/{f}/snapshots: the request body, streamed through ingest. On failure the body is
 * left unread, not destroyed: the server answers first, then drains and closes (scripts/start.mjs).
 */
export async function uploadSnapshot(
  req: Request,
  foundation: string,
  capturedAt: Date,
  actor: string,
  address: string | null = null,
): Promise<{ snapshot: SnapshotDto; created: boolean }> {
  const admission = admitUpload();
  const started = Date.now();
  try {
    if (!req.body) throw new IngestError("invalid", "the dump is empty: a failed `cfdot desired-lrps` run leaves an empty file; run it again", { line: 1 });
    const body = Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);
    const dump = await openUpload(
      body,
      { contentType: req.headers.get("content-type"), contentEncoding: req.headers.get("content-encoding") },
      maxUploadBytes(),
      { idleMs: uploadIdleMs(), signal: admission.signal },
    );
    const { snapshot, duplicate, timings } = await ingestSnapshot({ foundation, capturedAt, dump, actor, address });
    console.log(
      `[ingest] ${foundation}: snapshot ${snapshot.id}${duplicate ? " (identical to a stored one)" : ""}, ${snapshot.lrps} LRPs, ` +
        `${snapshot.privilegedApps} privileged apps, ${Date.now() - started} ms ` +
        `(streamed ${timings.stageMs} ms, copied ${timings.copyMs} ms, folded ${timings.foldMs} ms, checked ${timings.checkMs} ms, published ${timings.publishMs} ms)`,
    );
    return { snapshot: snapshotDto(snapshot, duplicate), created: !duplicate };
  } catch (err) {
    if (err instanceof DumpFormatError) console.log(`[ingest] ${foundation}: rejected at line ${err.line}`);
    else if (err instanceof IngestError) console.log(`[ingest] ${foundation}: rejected (${err.kind}) after ${Date.now() - started} ms`);
    throw err;
  } finally {
    admission.release();
  }
}
