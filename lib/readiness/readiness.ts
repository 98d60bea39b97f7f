import { ROOTLESS_REMOVED_IN, SHARED_SEGMENT, type CellGroup, type Evidence as ManifestEvidence, type Finding, type FindingCode } from "@/lib/bosh/manifest";
import { iso } from "@/lib/data/time";
import { ccFlagsOffOps, removeObsoleteRootlessOps, rootlessOps, type OpsFile, type OpsFileId, type OpsFileSource } from "./ops-files";

// Whether privileged containers can be turned off, per foundation and per isolation segment, from the latest
// manifest analysis and the latest snapshot. Pure: the data layer gathers the facts, this decides.

export type Verdict = "ready" | "blocked" | "unknown";

/** How a reason weighs: a conflict is shown first; `blocks` and `unknown` decide the verdict; notes only inform. */
export type Effect = "conflict" | "blocks" | "unknown" | "note";

export interface Evidence extends ManifestEvidence {
  /** apps counted in the snapshot */
  apps?: number;
  snapshotCapturedAt?: string;
}

export interface Reason {
  code: FindingCode | ReadinessCode;
  effect: Effect;
  message: string;
  evidence: Evidence;
}

type ReadinessCode = "no_manifest" | "no_snapshot" | "snapshot_stale" | "privileged_apps" | "rootless_cells_privileged_lrps" | "segment_without_cells";

/** What readiness needs of a stored manifest analysis. */
export interface ManifestFacts extends OpsFileSource {
  findings: Finding[];
  uploadedAt: string;
  /** the last upload of these exact bytes (an identical upload adds no manifest) */
  lastSeenAt: string;
}

export interface SnapshotFacts {
  capturedMs: number;
  /** apps of the latest snapshot per isolation segment (SHARED_SEGMENT for LRPs without placement tags) */
  segments: { name: string; apps: number; privilegedApps: number }[];
}

export interface ReadinessInput {
  manifest: ManifestFacts | null;
  snapshot: SnapshotFacts | null;
  nowMs: number;
  /** a snapshot older than this says too little about the apps placed now */
  maxSnapshotAgeMs: number;
}

export interface NextStep {
  code: "upload_manifest" | "upload_snapshot" | "cc_flags_off" | "restage_privileged_apps" | "enable_rootless" | "rootless_not_yet" | "rootless_removed";
  title: string;
  detail: string;
  commands: string[];
  opsFile: { id: OpsFileId; fileName: string; changes: string[] } | null;
}

export interface SegmentReadiness {
  name: string;
  verdict: Verdict;
  /** the cell groups that serve this segment */
  instanceGroups: string[];
  apps: number;
  privilegedApps: number;
  reasons: Reason[];
}

export interface Readiness {
  verdict: Verdict;
  reasons: Reason[];
  segments: SegmentReadiness[];
  nextSteps: NextStep[];
  opsFiles: OpsFile[];
}

const FINDING_EFFECT: Record<FindingCode, Effect> = {
  cc_flag_true: "blocks",
  legacy_flag_true: "blocks",
  cc_flag_unreadable: "unknown",
  legacy_flag_unreadable: "unknown",
  no_cc_jobs: "unknown",
  cc_flags_inconsistent: "note",
  no_cell_groups: "note",
  garden_version_unknown: "note",
  rootless_property_obsolete: "note",
  cells_rootless: "note",
  rootless_with_containerd: "note",
};

const EFFECT_ORDER: Record<Effect, number> = { conflict: 0, blocks: 1, unknown: 2, note: 3 };
const byEffect = (a: Reason, b: Reason) => EFFECT_ORDER[a.effect] - EFFECT_ORDER[b.effect];

function verdictOf(reasons: Reason[]): Verdict {
  if (reasons.some((r) => r.effect === "conflict" || r.effect === "blocks")) return "blocked";
  return reasons.some((r) => r.effect === "unknown") ? "unknown" : "ready";
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Garden rootless is on and means something: garden-runc before 1.53. */
const runsRootless = (c: CellGroup) => c.rootlessRemoved === false && c.rootless === true;

/** Reasons that hold for the whole foundation (and so for every segment). */
function foundationReasons(input: ReadinessInput): Reason[] {
  const out: Reason[] = [];
  const { manifest, snapshot } = input;
  if (!manifest) {
    out.push({ code: "no_manifest", effect: "unknown", message: "no BOSH manifest uploaded yet: upload the output of `bosh -d cf manifest`", evidence: {} });
  } else {
    for (const f of manifest.findings) {
      // cell-group findings are placed on the segments those cells serve
      if (f.evidence.instanceGroup && manifest.cells.some((c) => c.instanceGroup === f.evidence.instanceGroup && f.evidence.job === c.job)) continue;
      out.push({ code: f.code, effect: FINDING_EFFECT[f.code], message: f.message, evidence: f.evidence });
    }
  }
  if (!snapshot) {
    out.push({ code: "no_snapshot", effect: "unknown", message: "no `cfdot desired-lrps` snapshot uploaded yet: privileged apps cannot be counted", evidence: {} });
  } else if (input.nowMs - snapshot.capturedMs > input.maxSnapshotAgeMs) {
    const days = Math.floor((input.nowMs - snapshot.capturedMs) / 86_400_000);
    out.push({
      code: "snapshot_stale",
      effect: "unknown",
      message: `the latest snapshot is ${days >= 1 ? plural(days, "day") : "hours"} old (older than ${Math.round(input.maxSnapshotAgeMs / 3_600_000)} h): upload a new \`cfdot desired-lrps\` dump`,
      evidence: { snapshotCapturedAt: iso(snapshot.capturedMs) },
    });
  }
  return out;
}

function segmentReasons(name: string, cells: CellGroup[], facts: ManifestFacts | null, counts: { apps: number; privilegedApps: number }, snapshotAt: string | undefined): Reason[] {
  const out: Reason[] = [];
  if (counts.privilegedApps > 0) {
    for (const c of cells.filter(runsRootless)) {
      out.push({
        code: "rootless_cells_privileged_lrps",
        effect: "conflict",
        message: `conflict: ${c.job} on instance group ${c.instanceGroup} already runs rootless, yet ${plural(counts.privilegedApps, "privileged app is", "privileged apps are")} placed on segment ${name}: rootless Garden cannot create privileged containers, so their instances fail to start`,
        evidence: { instanceGroup: c.instanceGroup, job: c.job, segment: name, apps: counts.privilegedApps, snapshotCapturedAt: snapshotAt },
      });
    }
    out.push({
      code: "privileged_apps",
      effect: "blocks",
      message: `${plural(counts.privilegedApps, "privileged app is", "privileged apps are")} placed on segment ${name}${cells.length ? ` (cells: ${cells.map((c) => c.instanceGroup).join(", ")})` : ""}`,
      evidence: { segment: name, apps: counts.privilegedApps, instanceGroup: cells[0]?.instanceGroup, job: cells.length ? "rep" : undefined, snapshotCapturedAt: snapshotAt },
    });
  }
  if (facts && cells.length === 0 && counts.apps > 0) {
    out.push({
      code: "segment_without_cells",
      effect: "note",
      message: `${plural(counts.apps, "app")} are placed on segment ${name}, but no instance group in the manifest has that placement tag (another deployment's cells?)`,
      evidence: { segment: name, apps: counts.apps },
    });
  }
  for (const f of facts?.findings ?? []) {
    if (cells.some((c) => c.instanceGroup === f.evidence.instanceGroup && c.job === f.evidence.job)) {
      out.push({ code: f.code, effect: FINDING_EFFECT[f.code], message: f.message, evidence: { ...f.evidence, segment: name } });
    }
  }
  return out;
}

export function evaluateReadiness(input: ReadinessInput): Readiness {
  const { manifest, snapshot } = input;
  const global = foundationReasons(input);
  const cells = manifest?.cells ?? [];
  const names = [...new Set([...cells.flatMap((c) => c.segments), ...(snapshot?.segments.map((s) => s.name) ?? [])])].sort((a, b) =>
    a === SHARED_SEGMENT ? -1 : b === SHARED_SEGMENT ? 1 : a.localeCompare(b),
  );
  const snapshotAt = snapshot ? iso(snapshot.capturedMs) : undefined;
  const segments: SegmentReadiness[] = names.map((name) => {
    const serving = cells.filter((c) => c.segments.includes(name));
    const counts = snapshot?.segments.find((s) => s.name === name) ?? { apps: 0, privilegedApps: 0 };
    const reasons = [...segmentReasons(name, serving, manifest, counts, snapshotAt), ...global].sort(byEffect);
    return { name, verdict: verdictOf(reasons), instanceGroups: serving.map((c) => c.instanceGroup), apps: counts.apps, privilegedApps: counts.privilegedApps, reasons };
  });
  const specific = segments.flatMap((s) => s.reasons.filter((r) => !global.includes(r)));
  const reasons = [...global, ...dedupeReasons(specific)].sort(byEffect);
  const opsFiles = manifest ? opsFilesFor(manifest, segments) : [];
  return { verdict: verdictOf(reasons), reasons, segments, nextSteps: nextSteps(input, segments, opsFiles), opsFiles };
}

/** A cell-group finding shows on each segment the group serves; the foundation lists it once. */
function dedupeReasons(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.evidence.instanceGroup ?? ""}|${r.evidence.job ?? ""}|${r.code === "privileged_apps" || r.code === "segment_without_cells" ? r.evidence.segment : ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Cell groups whose every segment is ready can go rootless. */
function readyCells(cells: CellGroup[], segments: SegmentReadiness[]): CellGroup[] {
  return cells.filter((c) => c.rootlessRemoved === false && c.segments.every((s) => segments.find((x) => x.name === s)?.verdict === "ready"));
}

function opsFilesFor(manifest: ManifestFacts, segments: SegmentReadiness[]): OpsFile[] {
  const { cells, skeleton } = manifest;
  return [ccFlagsOffOps(manifest), rootlessOps(readyCells(cells, segments).filter((c) => c.rootless !== true || c.containerdExplicit), skeleton), removeObsoleteRootlessOps(cells, skeleton)].filter(
    (f): f is OpsFile => f !== null,
  );
}

export const applyCommand = (file: OpsFile) =>
  file.id === "rootless-cells" ? `bosh -d cf deploy manifest.yml -o ${file.fileName} --recreate` : `bosh -d cf deploy manifest.yml -o ${file.fileName}`;

function nextSteps(input: ReadinessInput, segments: SegmentReadiness[], opsFiles: OpsFile[]): NextStep[] {
  const out: NextStep[] = [];
  const file = (id: OpsFileId) => {
    const f = opsFiles.find((o) => o.id === id);
    return f ? { opsFile: { id: f.id, fileName: f.fileName, changes: f.changes }, commands: ["bosh -d cf manifest > manifest.yml", applyCommand(f)] } : null;
  };
  const { manifest, snapshot } = input;
  if (!manifest) out.push({ code: "upload_manifest", title: "Upload the BOSH manifest", detail: "Run `bosh -d cf manifest > manifest.yml` and upload the file.", commands: ["bosh -d cf manifest > manifest.yml"], opsFile: null });
  if (!snapshot || input.nowMs - snapshot.capturedMs > input.maxSnapshotAgeMs) {
    out.push({
      code: "upload_snapshot",
      title: "Upload a fresh snapshot",
      detail: "Privileged apps are counted from the latest `cfdot desired-lrps` dump.",
      commands: ["bosh -d cf ssh diego-cell/0", "# on the cell: cfdot desired-lrps > lrps.ndjson; exit", "bosh -d cf scp diego-cell/0:lrps.ndjson ."],
      opsFile: null,
    });
  }
  const off = file("cc-privileged-containers-off");
  if (off) {
    out.push({
      code: "cc_flags_off",
      title: "Turn privileged containers off on every Cloud Controller job",
      detail:
        "Set the flags false on all CC jobs at once: the API, the worker, the clock's sync loop and the deployment updater each desire LRPs with their own value. Apps already running keep their privileged LRPs until they are restaged or restarted.",
      ...off,
    });
  }
  const privileged = segments.reduce((n, s) => n + s.privilegedApps, 0);
  if (privileged > 0) {
    out.push({
      code: "restage_privileged_apps",
      title: `Restage the ${plural(privileged, "privileged app")}`,
      detail:
        "Once the flags are false, `cf restage` (or a restart or rolling deploy) creates an unprivileged LRP; nothing else changes the privileged value of an existing LRP. Test apps that use FUSE (sshfs) in a test space first: each privileged app's page has its exact commands.",
      commands: ["# per app, with its org, space and name:", "cf target -o '<org>' -s '<space>'", "cf restage '<app>' --strategy rolling"],
      opsFile: null,
    });
  }
  const cells = manifest?.cells ?? [];
  const old = cells.filter((c) => c.rootlessRemoved === false);
  if (old.length) {
    const rootless = file("rootless-cells");
    const notYet = old.filter((c) => !runsRootless(c)).map((c) => c.instanceGroup);
    if (rootless) {
      out.push({
        code: "enable_rootless",
        title: "Run the ready cell groups rootless",
        detail: `Sets garden.experimental_rootless_mode on the cell groups whose segments are ready. \`bosh deploy --recreate\` is required: existing containers keep running as root until their VMs are recreated. cf-deployment's operations/experimental/rootless-containers.yml also moves Garden to bpm and adds netplugin-server; rootless needs garden-runc older than ${ROOTLESS_REMOVED_IN}.`,
        ...rootless,
      });
    } else if (notYet.length) {
      out.push({
        code: "rootless_not_yet",
        title: "No cell group is ready for rootless yet",
        detail: `Clear the reasons above for the segments of ${notYet.join(", ")}; an ops file is offered once a group's segments are ready.`,
        commands: [],
        opsFile: null,
      });
    }
  }
  const removed = cells.filter((c) => c.rootlessRemoved === true);
  if (removed.length) {
    const obsolete = file("remove-obsolete-rootless-property");
    out.push({
      code: "rootless_removed",
      title: `Rootless mode was removed in garden-runc ${ROOTLESS_REMOVED_IN}`,
      detail: `This deployment runs garden-runc ${removed[0].releaseVersion}: Garden always runs as root, and it creates privileged containers whenever Cloud Controller asks. The goal is zero privileged LRPs with both CC flags false.${obsolete ? " The manifest still sets the removed property: remove it." : ""}`,
      commands: obsolete?.commands ?? [],
      opsFile: obsolete?.opsFile ?? null,
    });
  }
  return out;
}
