import "server-only";
import { ApiError } from "@/lib/api/errors";
import { envNumber, readSmallUpload } from "@/lib/api/small-upload";
import { ManifestError } from "@/lib/bosh/errors";
import { analyzeManifest, type CellGroup, type Finding, type FlagReading } from "@/lib/bosh/manifest";
import type { ManifestSkeleton } from "@/lib/bosh/skeleton";
import { prisma } from "@/lib/db/prisma";
import { readDb } from "@/lib/db/sqlite";
import type { ManifestFacts } from "@/lib/readiness/readiness";
import type { ManifestDto } from "@/lib/schemas/readiness";
import { iso } from "./time";

/** `bosh -d cf manifest` of a large cf-deployment is well under 1 MB; 16 MB leaves room without letting a body pin memory. */
const DEFAULT_MAX_MANIFEST_BYTES = 16 * 1024 ** 2;

interface StoredFacts {
  ccFlags: FlagReading[];
  legacyFlags: FlagReading[];
  cells: CellGroup[];
}

async function foundationId(name: string): Promise<number> {
  const f = await prisma.foundation.upsert({ where: { name }, create: { name }, update: {}, select: { id: true } });
  return f.id;
}

/**
 * POST /api/foundations/{f}/manifests: analyses the body and keeps only the analysis. The same bytes uploaded
 * again add no row: the stored manifest is marked as seen now and its findings are answered (`created` false).
 */
export async function uploadManifest(req: Request, foundation: string, actor: string, address: string | null = null): Promise<{ manifest: ManifestDto; created: boolean }> {
  const bytes = await readSmallUpload(req, "manifest", envNumber("MAX_MANIFEST_BYTES", DEFAULT_MAX_MANIFEST_BYTES));
  let analysis;
  try {
    analysis = analyzeManifest(bytes);
  } catch (err) {
    if (err instanceof ManifestError) throw new ApiError(422, err.message, err.line ? { line: err.line } : {});
    throw err;
  }
  const fid = await foundationId(foundation);
  const facts: StoredFacts = { ccFlags: analysis.ccFlags, legacyFlags: analysis.legacyFlags, cells: analysis.cells };
  const skeleton = JSON.stringify(analysis.skeleton);
  const { row, created } = await prisma.$transaction(async (tx) => {
    const seen = await tx.manifest.findFirst({ where: { foundationId: fid, contentHash: analysis.hash }, orderBy: { id: "desc" }, select: { id: true } });
    // the skeleton too: a manifest stored before skeletons were kept gets one from the same bytes
    const m = seen
      ? await tx.manifest.update({ where: { id: seen.id }, data: { lastSeenAt: new Date(), skeleton } })
      : await tx.manifest.create({
          data: {
            foundationId: fid,
            uploadedBy: actor,
            contentHash: analysis.hash,
            bytes: bytes.length,
            deployment: analysis.deployment,
            releases: JSON.stringify(analysis.releases),
            instanceGroups: JSON.stringify(analysis.instanceGroups),
            facts: JSON.stringify(facts),
            skeleton,
            findings: {
              create: analysis.findings.map((f) => ({
                code: f.code,
                severity: f.severity,
                message: f.message,
                instanceGroup: f.evidence.instanceGroup ?? null,
                job: f.evidence.job ?? null,
                evidence: JSON.stringify(f.evidence),
              })),
            },
          },
        });
    await tx.auditEvent.create({
      data: {
        actor,
        action: seen ? "manifest.seen_again" : "manifest.upload",
        foundation,
        target: `manifest ${m.id}`,
        address,
        details: JSON.stringify({ bytes: bytes.length, findings: analysis.findings.length }),
      },
    });
    return { row: m, created: !seen };
  });
  console.log(
    `[manifest] ${foundation}: manifest ${row.id}${created ? "" : " seen again (identical bytes)"}, ${analysis.instanceGroups.length} instance groups, ${analysis.findings.length} findings`,
  );
  const stored = created ? analysis.findings : await storedFindings(row.id);
  return {
    created,
    manifest: {
      id: String(row.id),
      uploadedAt: iso(row.uploadedAt.getTime()),
      lastSeenAt: iso(row.lastSeenAt.getTime()),
      uploadedBy: row.uploadedBy,
      deployment: row.deployment,
      contentHash: row.contentHash,
      bytes: row.bytes,
      releases: JSON.parse(row.releases) as ManifestDto["releases"],
      instanceGroups: JSON.parse(row.instanceGroups) as ManifestDto["instanceGroups"],
      findings: stored,
    },
  };
}

function storedFindings(manifestId: number): Finding[] {
  const rows = readDb().prepare(FINDINGS_SQL).all(manifestId) as { code: string; severity: string; message: string; evidence: string }[];
  return rows.map((f) => ({ code: f.code, severity: f.severity, message: f.message, evidence: JSON.parse(f.evidence) }) as Finding);
}

/** The newest manifest's facts, as readiness reads them; null before the first upload. */
export async function latestManifestFacts(
  foundationId: number,
): Promise<(ManifestFacts & { deployment: string | null; releases: { name: string; version: string }[] }) | null> {
  // raw statements: the fleet page asks this of every foundation, and Prisma costs about 0.5 ms a query
  const m = readDb().prepare(LATEST_MANIFEST_SQL).get(foundationId) as
    | { id: number; uploadedAt: string; lastSeenAt: string; deployment: string | null; releases: string; facts: string; skeleton: string | null }
    | undefined;
  if (!m) return null;
  const facts = JSON.parse(m.facts) as StoredFacts;
  return {
    ...facts,
    skeleton: m.skeleton === null ? null : (JSON.parse(m.skeleton) as ManifestSkeleton),
    deployment: m.deployment,
    releases: JSON.parse(m.releases) as { name: string; version: string }[],
    uploadedAt: iso(new Date(m.uploadedAt).getTime()),
    lastSeenAt: iso(new Date(m.lastSeenAt).getTime()),
    findings: storedFindings(m.id),
  };
}

/** The latest manifest is the one uploaded last, counting identical re-uploads. */
const LATEST_MANIFEST_SQL = `SELECT id, uploadedAt, lastSeenAt, deployment, releases, facts, skeleton FROM Manifest WHERE foundationId = ? ORDER BY lastSeenAt DESC, id DESC LIMIT 1`;
const FINDINGS_SQL = `SELECT code, severity, message, evidence FROM ManifestFinding WHERE manifestId = ? ORDER BY id`;
