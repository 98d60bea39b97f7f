import "server-only";
import { Readable } from "node:stream";
import type { ReadableStream as NodeWebStream } from "node:stream/web";
import { ApiError } from "@/lib/api/errors";
import { snapshotDto } from "@/lib/data/snapshots";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { gzipError, openUpload } from "./body";
import { ingestSnapshot } from "./ingest";

const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

export function maxUploadBytes(): number {
  const v = Number(process.env.MAX_UPLOAD_BYTES);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_UPLOAD_BYTES;
}

/** POST /api/foundations/{f}/snapshots: the request body, streamed through ingest. */
export async function uploadSnapshot(
  req: Request,
  foundation: string,
  capturedAt: Date,
  actor: string,
): Promise<{ snapshot: SnapshotDto; created: boolean }> {
  if (!req.body) throw new ApiError(422, "the dump is empty: a failed `cfdot desired-lrps` run leaves an empty file; run it again", { line: 1 });
  const started = Date.now();
  const body = Readable.fromWeb(req.body as unknown as NodeWebStream<Uint8Array>);
  try {
    const dump = await openUpload(
      body,
      { contentType: req.headers.get("content-type"), contentEncoding: req.headers.get("content-encoding") },
      maxUploadBytes(),
    );
    const { snapshot, duplicate, timings } = await ingestSnapshot({ foundation, capturedAt, dump, actor });
    console.log(
      `[ingest] ${foundation}: snapshot ${snapshot.id}${duplicate ? " (identical to a stored one)" : ""}, ${snapshot.lrps} LRPs, ` +
        `${snapshot.privilegedApps} privileged apps, ${Date.now() - started} ms ` +
        `(streamed ${timings.stageMs} ms, copied ${timings.copyMs} ms, folded ${timings.foldMs} ms, checked ${timings.checkMs} ms, published ${timings.publishMs} ms)`,
    );
    return { snapshot: snapshotDto(snapshot, duplicate), created: !duplicate };
  } catch (err) {
    body.destroy();
    const mapped = gzipError(err);
    if (mapped) throw mapped;
    if (err instanceof Error && "line" in err) console.log(`[ingest] ${foundation}: rejected at line ${(err as { line: number }).line}`);
    throw err;
  }
}
