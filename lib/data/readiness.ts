import "server-only";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/prisma";
import { opsFilePreviewYaml, opsFileYaml, type OpsFile, type OpsFileId } from "@/lib/readiness/ops-files";
import { applyCommand, evaluateReadiness, type Verdict } from "@/lib/readiness/readiness";
import type { FoundationVerdictDto, ReadinessDto } from "@/lib/schemas/readiness";
import { listFoundations, requireFoundation, type FoundationRef, type FoundationSummaryDto } from "./foundations";
import { latestManifestFacts } from "./manifests";
import { listSegments } from "./orgs";
import { iso } from "./time";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

/** A snapshot older than this (READINESS_MAX_SNAPSHOT_AGE_HOURS) no longer tells which apps are placed where. */
const DEFAULT_MAX_SNAPSHOT_AGE_HOURS = 7 * 24;

function maxSnapshotAgeMs(): number {
  const h = Number(process.env.READINESS_MAX_SNAPSHOT_AGE_HOURS);
  return (Number.isFinite(h) && h > 0 ? h : DEFAULT_MAX_SNAPSHOT_AGE_HOURS) * 3_600_000;
}

/** Apps of the latest snapshot per isolation segment (from the foundation's app index, as the segment table reads them). */
async function segmentCounts(actor: Actor, f: FoundationRef) {
  if (f.latestMs === null) return null;
  const segments = await listSegments(actor, f.name);
  return { capturedMs: f.latestMs, segments: segments.map((s) => ({ name: s.name, apps: s.apps, privilegedApps: s.privilegedApps })) };
}

async function evaluate(actor: Actor, foundation: string) {
  const f = await requireFoundation(foundation);
  const manifest = await latestManifestFacts(f.id);
  const snapshot = await segmentCounts(actor, f);
  return { manifest, snapshot, readiness: evaluateReadiness({ manifest, snapshot, nowMs: Date.now(), maxSnapshotAgeMs: maxSnapshotAgeMs() }) };
}

/** GET /api/foundations/{f}/readiness */
export async function getReadiness(actor: Actor, foundation: string): Promise<ReadinessDto> {
  authorize(actor, "read");
  const { manifest, snapshot, readiness } = await evaluate(actor, foundation);
  const preview = (id: OpsFileId) => {
    const file = readiness.opsFiles.find((o) => o.id === id);
    return file && manifest?.skeleton ? opsFilePreviewYaml(manifest.skeleton, file) : null;
  };
  return {
    verdict: readiness.verdict,
    reasons: readiness.reasons,
    segments: readiness.segments,
    nextSteps: readiness.nextSteps.map((s) => ({ ...s, opsFile: s.opsFile && { ...s.opsFile, preview: preview(s.opsFile.id) } })),
    manifest: manifest && { uploadedAt: manifest.uploadedAt, lastSeenAt: manifest.lastSeenAt, deployment: manifest.deployment, releases: manifest.releases },
    snapshot: snapshot && { capturedAt: iso(snapshot.capturedMs) },
    maxSnapshotAgeHours: maxSnapshotAgeMs() / 3_600_000,
  };
}

async function opsFile(actor: Actor, foundation: string, id: OpsFileId) {
  const { manifest, readiness } = await evaluate(actor, foundation);
  const file: OpsFile | undefined = readiness.opsFiles.find((o) => o.id === id);
  if (!file) throw new ApiError(404, "ops file not found: the latest manifest and snapshot call for none of this kind");
  return { file, skeleton: manifest?.skeleton ?? null };
}

/** One generated ops file as YAML, or 404 when the latest facts call for no such file. */
export async function getOpsFile(actor: Actor, foundation: string, id: OpsFileId): Promise<{ fileName: string; yaml: string }> {
  authorize(actor, "read");
  const { file } = await opsFile(actor, foundation, id);
  return { fileName: file.fileName, yaml: opsFileYaml(file, applyCommand(file)) };
}

/** The instance groups an ops file changes, patched, as YAML (`?preview=1`). */
export async function getOpsFilePreview(actor: Actor, foundation: string, id: OpsFileId): Promise<string> {
  authorize(actor, "read");
  const { file, skeleton } = await opsFile(actor, foundation, id);
  if (!skeleton) throw new ApiError(404, "no preview: the latest manifest was stored before previews were kept; upload it again");
  return opsFilePreviewYaml(skeleton, file);
}

/** The fleet overview's readiness column: every foundation's verdict and its first reason. */
export async function listReadinessVerdicts(actor: Actor): Promise<FoundationVerdictDto[]> {
  authorize(actor, "read");
  const names = await prisma.foundation.findMany({ orderBy: { name: "asc" }, select: { name: true } });
  return Promise.all(
    names.map(async ({ name }) => {
      const { readiness } = await evaluate(actor, name);
      const first = readiness.reasons.find((r) => r.effect !== "note");
      return { name, verdict: readiness.verdict, reason: first?.message ?? null, segments: readiness.segments.map((s) => ({ name: s.name, verdict: s.verdict })) };
    }),
  );
}

/** GET /api/foundations: the fleet summary with each foundation's readiness verdict (API contract: `readiness`). */
export async function listFoundationsWithReadiness(actor: Actor): Promise<(FoundationSummaryDto & { readiness: Verdict })[]> {
  authorize(actor, "read");
  const [foundations, verdicts] = await Promise.all([listFoundations(actor), listReadinessVerdicts(actor)]);
  const byName = new Map(verdicts.map((v) => [v.name, v.verdict]));
  return foundations.map((f) => ({ ...f, readiness: byName.get(f.name) ?? "unknown" }));
}
