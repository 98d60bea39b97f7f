import "server-only";
import { ApiError } from "@/lib/api/errors";
import type { Actor } from "@/lib/auth/permissions";
import { applyActionInWriter, expireWaiversInWriter, scheduleCheckpoint } from "@/lib/ingest/writer";
import type { Status } from "@/lib/migration/state-machine";
import { toActionInput, type AppEventBody } from "@/lib/schemas/app-event";
import type { FoundationRef } from "./foundations";

const OUTCOME_STATUS = { not_found: 404, forbidden: 403, invalid: 400, refused: 409, conflict: 409 } as const;

/**
 * `POST /api/foundations/{f}/apps/{guid}/events`: one action of `actor`, decided by the state machine and
 * written with its event by the writer (the one write connection; lib/migration/apply.ts).
 */
export async function actOnApp(foundation: string, guid: string, actor: Actor, body: AppEventBody): Promise<{ status: Status; version: number }> {
  const out = await applyActionInWriter({ foundation, guid, actor, input: toActionInput(body), version: body.version ?? null, nowMs: Date.now() });
  scheduleCheckpoint();
  if (out.ok) return { status: out.status, version: out.version };
  if (out.kind === "not_found") throw new ApiError(404, "app not found");
  throw new ApiError(OUTCOME_STATUS[out.kind], out.message, "allowed" in out ? { allowed: out.allowed } : {});
}

const recording = new Set<number>();

/**
 * Reads already show a lapsed waiver's effective status; this records the expiry (events, counts) in the
 * background, once per foundation at a time, without making the read wait behind an upload in the writer.
 */
export function recordLapsedWaivers(f: FoundationRef): void {
  if (recording.has(f.id)) return;
  recording.add(f.id);
  expireWaiversInWriter(f.id, Date.now())
    .then(() => scheduleCheckpoint())
    .catch((e: unknown) => console.error(`[workflow] recording lapsed waivers failed: ${e instanceof Error ? e.message : "unknown error"}`))
    .finally(() => recording.delete(f.id));
}
