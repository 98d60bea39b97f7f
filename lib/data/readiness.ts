import "server-only";
import { ApiError } from "@/lib/api/errors";
import { SHARED_SEGMENT } from "@/lib/bosh/manifest";
import { prisma } from "@/lib/db/prisma";
import { readDb } from "@/lib/db/sqlite";
import { opsFileYaml, type OpsFileId } from "@/lib/readiness/ops-files";
import { applyCommand, evaluateReadiness, type Verdict } from "@/lib/readiness/readiness";
import type { FoundationVerdictDto, ReadinessDto } from "@/lib/schemas/readiness";
import { listFoundations, requireFoundation, type FoundationRef, type FoundationSummaryDto } from "./foundations";
import { latestManifestFacts } from "./manifests";
import { iso } from "./time";

/** A snapshot older than this (READINESS_MAX_SNAPSHOT_AGE_HOURS) no longer tells which apps are placed where. */
const DEFAULT_MAX_SNAPSHOT_AGE_HOURS = 7 * 24;

function maxSnapshotAgeMs(): number {
  const h = Number(process.env.READINESS_MAX_SNAPSHOT_AGE_HOURS);
  return (Number.isFinite(h) && h > 0 ? h : DEFAULT_MAX_SNAPSHOT_AGE_HOURS) * 3_600_000;
}

/** Apps of the latest snapshot per isolation segment: latest = the foundation's highest capturedAt = AppSpan.toMs. */
function segmentCounts(f: FoundationRef) {
  if (f.latestMs === null) return null;
  const rows = readDb()
    .prepare(`SELECT segment, COUNT(*) AS apps, SUM(privileged) AS privilegedApps FROM AppSpan WHERE foundationId = ? AND toMs = ? GROUP BY segment`)
    .all(f.id, f.latestMs) as { segment: string; apps: number; privilegedApps: number }[];
  return { capturedMs: f.latestMs, segments: rows.map((r) => ({ name: r.segment || SHARED_SEGMENT, apps: r.apps, privilegedApps: r.privilegedApps })) };
}

async function evaluate(foundation: string) {
  const f = await requireFoundation(foundation);
  const manifest = await latestManifestFacts(f.id);
  const snapshot = segmentCounts(f);
  return { manifest, snapshot, readiness: evaluateReadiness({ manifest, snapshot, nowMs: Date.now(), maxSnapshotAgeMs: maxSnapshotAgeMs() }) };
}

/** GET /api/foundations/{f}/readiness */
export async function getReadiness(foundation: string): Promise<ReadinessDto> {
  const { manifest, snapshot, readiness } = await evaluate(foundation);
  return {
    verdict: readiness.verdict,
    reasons: readiness.reasons,
    segments: readiness.segments,
    nextSteps: readiness.nextSteps,
    manifest: manifest && { uploadedAt: manifest.uploadedAt, deployment: manifest.deployment, releases: manifest.releases },
    snapshot: snapshot && { capturedAt: iso(snapshot.capturedMs) },
    maxSnapshotAgeHours: maxSnapshotAgeMs() / 3_600_000,
  };
}

/** One generated ops file as YAML, or 404 when the latest facts call for no such file. */
export async function getOpsFile(foundation: string, id: OpsFileId): Promise<{ fileName: string; yaml: string }> {
  const { readiness } = await evaluate(foundation);
  const file = readiness.opsFiles.find((o) => o.id === id);
  if (!file) throw new ApiError(404, "ops file not found: the latest manifest and snapshot call for none of this kind");
  return { fileName: file.fileName, yaml: opsFileYaml(file, applyCommand(file)) };
}

/** The fleet overview's readiness column: every foundation's verdict and its first reason. */
export async function listReadinessVerdicts(): Promise<FoundationVerdictDto[]> {
  const names = await prisma.foundation.findMany({ orderBy: { name: "asc" }, select: { name: true } });
  return Promise.all(
    names.map(async ({ name }) => {
      const { readiness } = await evaluate(name);
      const first = readiness.reasons.find((r) => r.effect !== "note");
      return { name, verdict: readiness.verdict, reason: first?.message ?? null, segments: readiness.segments.map((s) => ({ name: s.name, verdict: s.verdict })) };
    }),
  );
}

/** GET /api/foundations: the fleet summary with each foundation's readiness verdict (API contract: `readiness`). */
export async function listFoundationsWithReadiness(): Promise<(FoundationSummaryDto & { readiness: Verdict })[]> {
  const [foundations, verdicts] = await Promise.all([listFoundations(), listReadinessVerdicts()]);
  const byName = new Map(verdicts.map((v) => [v.name, v.verdict]));
  return foundations.map((f) => ({ ...f, readiness: byName.get(f.name) ?? "unknown" }));
}
