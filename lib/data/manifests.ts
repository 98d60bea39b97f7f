import "server-only";
import { ApiError } from "@/lib/api/errors";
import { envNumber, readSmallUpload } from "@/lib/api/small-upload";
import { ManifestError } from "@/lib/bosh/errors";
import { analyzeManifest, type CellGroup, type Finding, type FlagReading } from "@/lib/bosh/manifest";
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

/** POST /api/foundations/{f}/manifests: analyses the body and keeps only the analysis. */
export async function uploadManifest(req: Request, foundation: string, actor: string): Promise<ManifestDto> {
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
  const row = await prisma.$transaction(async (tx) => {
    const m = await tx.manifest.create({
      data: {
        foundationId: fid,
        uploadedBy: actor,
        contentHash: analysis.hash,
        bytes: bytes.length,
        deployment: analysis.deployment,
        releases: JSON.stringify(analysis.releases),
        instanceGroups: JSON.stringify(analysis.instanceGroups),
        facts: JSON.stringify(facts),
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
      data: { actor, action: "manifest.upload", foundation, target: `manifest ${m.id}`, details: JSON.stringify({ bytes: bytes.length, findings: analysis.findings.length }) },
    });
    return m;
  });
  console.log(`[manifest] ${foundation}: manifest ${row.id}, ${analysis.instanceGroups.length} instance groups, ${analysis.findings.length} findings`);
  return {
    id: String(row.id),
    uploadedAt: iso(row.uploadedAt.getTime()),
    uploadedBy: actor,
    deployment: analysis.deployment,
    contentHash: analysis.hash,
    bytes: bytes.length,
    releases: analysis.releases,
    instanceGroups: analysis.instanceGroups,
    findings: analysis.findings,
  };
}

/** The newest manifest's facts, as readiness reads them; null before the first upload. */
export async function latestManifestFacts(foundationId: number): Promise<(ManifestFacts & { deployment: string | null; releases: { name: string; version: string }[] }) | null> {
  // raw statements: the fleet page asks this of every foundation, and Prisma costs about 0.5 ms a query
  const db = readDb();
  const m = db.prepare(LATEST_MANIFEST_SQL).get(foundationId) as
    | { id: number; uploadedAt: string; deployment: string | null; releases: string; facts: string }
    | undefined;
  if (!m) return null;
  const findings = db.prepare(FINDINGS_SQL).all(m.id) as { code: string; severity: string; message: string; evidence: string }[];
  const facts = JSON.parse(m.facts) as StoredFacts;
  return {
    ...facts,
    deployment: m.deployment,
    releases: JSON.parse(m.releases) as { name: string; version: string }[],
    uploadedAt: iso(new Date(m.uploadedAt).getTime()),
    findings: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, evidence: JSON.parse(f.evidence) }) as Finding),
  };
}

const LATEST_MANIFEST_SQL = `SELECT id, uploadedAt, deployment, releases, facts FROM Manifest WHERE foundationId = ? ORDER BY uploadedAt DESC, id DESC LIMIT 1`;
const FINDINGS_SQL = `SELECT code, severity, message, evidence FROM ManifestFinding WHERE manifestId = ? ORDER BY id`;
