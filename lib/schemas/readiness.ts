import { z } from "zod";
import type { Finding, InstanceGroupSummary } from "@/lib/bosh/manifest";
import type { NextStep, Reason, SegmentReadiness, Verdict } from "@/lib/readiness/readiness";
import { foundationRefParams } from "./foundation";

export const OPS_FILE_IDS = ["cc-privileged-containers-off", "rootless-cells", "remove-obsolete-rootless-property"] as const;

export const opsFileParams = foundationRefParams.extend({
  id: z.enum(OPS_FILE_IDS, { message: `an ops file is one of ${OPS_FILE_IDS.join(", ")}` }),
});

/** `?preview=1`: the patched instance groups instead of the ops file. */
export const opsFileQuery = z.object({ preview: z.enum(["1", "0"], { message: "preview is 1 or 0" }).optional() });

/** A next step whose ops file carries its preview (null for a manifest stored before previews were kept). */
export type NextStepDto = Omit<NextStep, "opsFile"> & { opsFile: (NonNullable<NextStep["opsFile"]> & { preview: string | null }) | null };

export interface ManifestDto {
  id: string;
  uploadedAt: string;
  /** the last upload of these exact bytes (an identical upload adds no manifest) */
  lastSeenAt: string;
  uploadedBy: string;
  deployment: string | null;
  contentHash: string;
  bytes: number;
  releases: { name: string; version: string }[];
  instanceGroups: InstanceGroupSummary[];
  findings: Finding[];
}

export interface ReadinessDto {
  verdict: Verdict;
  reasons: Reason[];
  segments: SegmentReadiness[];
  nextSteps: NextStepDto[];
  manifest: { uploadedAt: string; lastSeenAt: string; deployment: string | null; releases: { name: string; version: string }[] } | null;
  snapshot: { capturedAt: string } | null;
  maxSnapshotAgeHours: number;
}

export interface FoundationVerdictDto {
  name: string;
  verdict: Verdict;
  /** the first reason (conflicts first), if any */
  reason: string | null;
  segments: { name: string; verdict: Verdict }[];
}

/** Why an app is missing from the latest snapshot, as Cloud Controller tells it. */
export type AbsenceReason = "stopped" | "started" | "deleted" | "unknown";

export interface CcAppsDto {
  export: { uploadedAt: string; pages: number; apps: number; listsEveryApp: boolean } | null;
  /** apps of the latest snapshot that Cloud Controller does not know: LRPs left behind */
  orphaned: { guid: string; name: string | null }[];
  orphanedTotal: number;
  /** apps seen in earlier snapshots but not the latest, with what CC says about them */
  absent: { guid: string; name: string | null; reason: AbsenceReason }[];
  absentTotal: number;
}

export interface CcUploadDto extends CcAppsDto {
  named: { apps: number; spaces: number; orgs: number };
  warnings: string[];
}
