import { createHash } from "node:crypto";
import { ManifestError } from "./errors";
import { keepPath, type ManifestSkeleton, type SkeletonGroup } from "./skeleton";
import { parseBoshYaml } from "./yaml";

// What a `bosh -d cf manifest` says about privileged containers (cf-domain.md §3). Only the flags below are
// read; no other property value leaves this module (a manifest carries credentials).

/** The CC jobs that declare the two flags, wherever they run (capi-release job specs). */
export const CC_JOBS = ["cloud_controller_ng", "cloud_controller_worker", "cloud_controller_clock", "cc_deployment_updater"] as const;
export const CC_FLAGS = {
  running: ["cc", "diego", "use_privileged_containers_for_running"],
  staging: ["cc", "diego", "use_privileged_containers_for_staging"],
} as const;
/** The CC-bridge jobs removed in CAPI 1.54 (2018) and their flags. */
export const LEGACY_FLAGS = {
  nsync: ["capi", "nsync", "diego_privileged_containers"],
  stager: ["capi", "stager", "diego_privileged_containers"],
} as const;
export const ROOTLESS_PROPERTY = ["garden", "experimental_rootless_mode"] as const;
export const CONTAINERD_PROPERTY = ["garden", "containerd_mode"] as const;
export const PLACEMENT_TAGS_PROPERTY = ["diego", "rep", "placement_tags"] as const;
/** garden-runc-release v1.53.0 removed `garden.experimental_rootless_mode` ("abandoned and not working as expected"). */
export const ROOTLESS_REMOVED_IN = "1.53.0";
/** An app LRP without placement tags runs on the cells without tags: the shared segment. */
export const SHARED_SEGMENT = "shared";

export const propertyName = (path: readonly string[]) => path.join(".");

/** A flag as read: `unreadable` when set to something that is not a boolean (usually a `((variable))`). */
export type FlagValue = boolean | "unreadable";

/** Where a job's properties come from (see `jobProperties`): ops files must patch that place. */
export type PropertiesAt = "job" | "instance_group" | "global";

export interface FlagReading {
  instanceGroup: string;
  job: string;
  property: string;
  value: FlagValue;
  /** false: not set, the job spec's default (false) applies */
  explicit: boolean;
  propertiesAt: PropertiesAt;
}

export interface CellGroup {
  instanceGroup: string;
  /** the job named `garden` */
  job: string;
  release: string;
  /** the release's version in `releases`, null when missing or not a number (`latest`) */
  releaseVersion: string | null;
  /** the release no longer has the rootless property (≥ 1.53.0); null when the version is unknown */
  rootlessRemoved: boolean | null;
  rootless: FlagValue;
  rootlessExplicit: boolean;
  containerdMode: FlagValue;
  containerdExplicit: boolean;
  propertiesAt: PropertiesAt;
  /** the rep job's `diego.rep.placement_tags`: the isolation segments this group's cells serve */
  placementTags: string[];
  /** the segments this group serves: its placement tags, or the shared segment */
  segments: string[];
}

export interface InstanceGroupSummary {
  name: string;
  instances: number | null;
  jobs: { name: string; release: string | null }[];
}

export type Severity = "blocker" | "unknown" | "warning" | "info";

export interface Evidence {
  instanceGroup?: string;
  job?: string;
  property?: string;
  value?: boolean | string;
  release?: string;
  segment?: string;
  /** for inconsistencies: where each value comes from */
  sources?: { instanceGroup: string; job: string; value: FlagValue }[];
}

export type FindingCode =
  | "cc_flag_true"
  | "cc_flag_unreadable"
  | "cc_flags_inconsistent"
  | "no_cc_jobs"
  | "legacy_flag_true"
  | "legacy_flag_unreadable"
  | "no_cell_groups"
  | "garden_version_unknown"
  | "rootless_property_obsolete"
  | "cells_rootless"
  | "rootless_with_containerd";

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  evidence: Evidence;
}

export interface ManifestAnalysis {
  /** sha256 of the uploaded bytes */
  hash: string;
  deployment: string | null;
  releases: { name: string; version: string }[];
  instanceGroups: InstanceGroupSummary[];
  ccFlags: FlagReading[];
  legacyFlags: FlagReading[];
  cells: CellGroup[];
  findings: Finding[];
  /** the instance groups ops files can touch, with only the properties they set (lib/bosh/skeleton.ts) */
  skeleton: ManifestSkeleton;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function get(obj: unknown, path: readonly string[]): { found: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isObj(cur) || !Object.hasOwn(cur, key)) return { found: false, value: undefined };
    cur = cur[key];
  }
  return { found: true, value: cur };
}

function readFlag(props: Obj, path: readonly string[]): { value: FlagValue; explicit: boolean } {
  const { found, value } = get(props, path);
  // a key present with no value (`use_privileged_containers_for_running:`) is nil in BOSH: the default applies
  if (!found || value === null) return { value: false, explicit: false };
  return { value: typeof value === "boolean" ? value : "unreadable", explicit: true };
}

/**
 * BOSH resolves a job's properties from the job; a job without a `properties` key falls back to the instance
 * group's and then the manifest's global `properties` (both deprecated, still honoured).
 */
function jobProperties(job: Obj, group: Obj, manifest: Obj): { props: Obj; at: PropertiesAt } {
  if (Object.hasOwn(job, "properties")) return { props: isObj(job.properties) ? job.properties : {}, at: "job" };
  if (isObj(group.properties)) return { props: group.properties, at: "instance_group" };
  if (isObj(manifest.properties)) return { props: manifest.properties, at: "global" };
  return { props: {}, at: "job" };
}

/** The properties that generated ops files (lib/readiness/ops-files.ts) may set or remove on a job. */
function opsFilePaths(job: string): readonly (readonly string[])[] {
  if ((CC_JOBS as readonly string[]).includes(job)) return [CC_FLAGS.running, CC_FLAGS.staging];
  if (job === "nsync" || job === "stager") return [LEGACY_FLAGS[job]];
  if (job === "garden") return [ROOTLESS_PROPERTY, CONTAINERD_PROPERTY];
  return [];
}

/** Dotted numeric versions compared part by part; null when a part is not a number. */
export function compareVersions(a: string, b: string): number | null {
  const pa = a.split(/[.+-]/).slice(0, 3);
  const pb = b.split(/[.+-]/).slice(0, 3);
  if (![...pa, ...pb].every((p) => /^\d+$/.test(p))) return null;
  for (let i = 0; i < 3; i++) {
    const d = Number(pa[i] ?? 0) - Number(pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** Checks the top-level shape; the reason says what is missing so the user can tell a wrong file from a cut one. */
function asManifest(doc: unknown): Obj {
  if (!isObj(doc)) throw new ManifestError("not a BOSH manifest: the YAML is not a mapping with `instance_groups` (is this the output of `bosh -d cf manifest`?)");
  if (!Object.hasOwn(doc, "instance_groups")) {
    if (Array.isArray(doc.jobs)) throw new ManifestError("a BOSH v1 manifest (top-level `jobs`) is not supported: upload the v2 manifest that `bosh -d cf manifest` prints");
    throw new ManifestError("not a BOSH manifest: it has no `instance_groups` (is this the output of `bosh -d cf manifest`?)");
  }
  if (!Array.isArray(doc.instance_groups)) throw new ManifestError("not a BOSH manifest: `instance_groups` is not a list");
  doc.instance_groups.forEach((g, i) => {
    if (!isObj(g) || typeof g.name !== "string" || !Array.isArray(g.jobs ?? [])) {
      throw new ManifestError(`not a BOSH manifest: instance group ${i + 1} has no \`name\` or its \`jobs\` is not a list`);
    }
  });
  if (Object.hasOwn(doc, "releases") && !Array.isArray(doc.releases)) throw new ManifestError("not a BOSH manifest: `releases` is not a list");
  return doc;
}

function releasesOf(m: Obj): { name: string; version: string }[] {
  return ((m.releases as unknown[] | undefined) ?? [])
    .filter(isObj)
    .filter((r) => typeof r.name === "string")
    .map((r) => ({ name: r.name as string, version: r.version === undefined || r.version === null ? "" : String(r.version) }));
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === "string") : [];
}

/** Reads the flags, cells and releases of a parsed manifest (see `analyzeManifest` for bytes). */
export function analyzeManifestObject(doc: unknown, hash: string): ManifestAnalysis {
  const m = asManifest(doc);
  const releases = releasesOf(m);
  const groups = (m.instance_groups as Obj[]).map((g) => ({ g, jobs: ((g.jobs as unknown[] | undefined) ?? []).filter(isObj) }));
  const ccFlags: FlagReading[] = [];
  const legacyFlags: FlagReading[] = [];
  const cells: CellGroup[] = [];
  const skeleton: ManifestSkeleton = { instance_groups: [] };
  for (const { g, jobs } of groups) {
    const ig = g.name as string;
    const kept: SkeletonGroup = {
      name: ig,
      ...(typeof g.instances === "number" && { instances: g.instances }),
      jobs: jobs.map((j) => ({ name: String(j.name), ...(typeof j.release === "string" && { release: j.release }) })),
    };
    const rep = jobs.find((j) => j.name === "rep");
    const placementTags = rep ? stringList(get(jobProperties(rep, g, m).props, PLACEMENT_TAGS_PROPERTY).value) : [];
    jobs.forEach((job, i) => {
      const name = String(job.name);
      const { props, at } = jobProperties(job, g, m);
      const paths = opsFilePaths(name);
      if (paths.length && !skeleton.instance_groups.includes(kept)) skeleton.instance_groups.push(kept);
      // kept where BOSH reads this job's properties from, so the ops files' paths apply to the skeleton
      const [src, dst] = at === "job" ? [job, kept.jobs[i]] : at === "instance_group" ? [g, kept] : [m, skeleton];
      for (const p of paths) keepPath(src, dst, ["properties", ...p]);
      if ((CC_JOBS as readonly string[]).includes(name)) {
        for (const path of [CC_FLAGS.running, CC_FLAGS.staging]) {
          ccFlags.push({ instanceGroup: ig, job: name, property: propertyName(path), ...readFlag(props, path), propertiesAt: at });
        }
      }
      if (name === "nsync" || name === "stager") {
        legacyFlags.push({ instanceGroup: ig, job: name, property: propertyName(LEGACY_FLAGS[name]), ...readFlag(props, LEGACY_FLAGS[name]), propertiesAt: at });
      }
      if (name === "garden") {
        const release = typeof job.release === "string" ? job.release : "garden-runc";
        const version = releases.find((r) => r.name === release)?.version ?? "";
        const cmp = compareVersions(version, ROOTLESS_REMOVED_IN);
        const rootless = readFlag(props, ROOTLESS_PROPERTY);
        const containerd = readFlag(props, CONTAINERD_PROPERTY);
        cells.push({
          instanceGroup: ig,
          job: name,
          release,
          releaseVersion: cmp === null ? null : version,
          rootlessRemoved: cmp === null ? null : cmp >= 0,
          rootless: rootless.value,
          rootlessExplicit: rootless.explicit,
          containerdMode: containerd.value,
          containerdExplicit: containerd.explicit,
          propertiesAt: at,
          placementTags,
          segments: placementTags.length ? placementTags : [SHARED_SEGMENT],
        });
      }
    });
  }
  return {
    hash,
    deployment: typeof m.name === "string" ? m.name : null,
    releases,
    instanceGroups: groups.map(({ g, jobs }) => ({
      name: g.name as string,
      instances: typeof g.instances === "number" ? g.instances : null,
      jobs: jobs.map((j) => ({ name: String(j.name), release: typeof j.release === "string" ? j.release : null })),
    })),
    ccFlags,
    legacyFlags,
    cells,
    findings: findingsOf(ccFlags, legacyFlags, cells),
    skeleton,
  };
}

/** Analyses manifest bytes (`bosh -d cf manifest` output); throws ManifestError when they are not one. */
export function analyzeManifest(bytes: Buffer | string): ManifestAnalysis {
  const buf = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
  const hash = createHash("sha256").update(buf).digest("hex");
  if (buf.length === 0 || buf.toString("utf8").trim() === "") throw new ManifestError("the manifest is empty: run `bosh -d cf manifest > manifest.yml` again");
  return analyzeManifestObject(parseBoshYaml(buf.toString("utf8")), hash);
}

const where = (r: { instanceGroup: string; job: string }) => `${r.job} on instance group ${r.instanceGroup}`;

function findingsOf(ccFlags: FlagReading[], legacyFlags: FlagReading[], cells: CellGroup[]): Finding[] {
  const out: Finding[] = [];
  const evidence = (r: FlagReading): Evidence => ({ instanceGroup: r.instanceGroup, job: r.job, property: r.property, value: r.value });
  if (ccFlags.length === 0) {
    out.push({
      code: "no_cc_jobs",
      severity: "unknown",
      message: `no Cloud Controller job (${CC_JOBS.join(", ")}) is in this manifest, so the privileged-container flags cannot be read: upload the manifest of the deployment that runs Cloud Controller`,
      evidence: {},
    });
  }
  for (const r of ccFlags) {
    if (r.value === true) out.push({ code: "cc_flag_true", severity: "blocker", message: `${r.property} is true on ${where(r)}`, evidence: evidence(r) });
    if (r.value === "unreadable") {
      out.push({
        code: "cc_flag_unreadable",
        severity: "unknown",
        message: `${r.property} on ${where(r)} is not a boolean (a variable?): its value cannot be checked`,
        evidence: evidence(r),
      });
    }
  }
  for (const path of [CC_FLAGS.running, CC_FLAGS.staging]) {
    const readings = ccFlags.filter((r) => r.property === propertyName(path));
    if (new Set(readings.map((r) => String(r.value))).size > 1) {
      const on = readings.filter((r) => r.value === true).map(where);
      out.push({
        code: "cc_flags_inconsistent",
        severity: "warning",
        message: `${propertyName(path)} differs between Cloud Controller jobs${on.length ? ` (true only on ${on.join(", ")})` : ""}: whichever job desires an LRP decides whether it is privileged — the clock's sync loop re-desires missing LRPs with its own flag`,
        evidence: { property: propertyName(path), sources: readings.map((r) => ({ instanceGroup: r.instanceGroup, job: r.job, value: r.value })) },
      });
    }
  }
  for (const r of legacyFlags) {
    if (r.value === true) out.push({ code: "legacy_flag_true", severity: "blocker", message: `${r.property} is true on ${where(r)} (legacy CC bridge)`, evidence: evidence(r) });
    if (r.value === "unreadable") {
      out.push({ code: "legacy_flag_unreadable", severity: "unknown", message: `${r.property} on ${where(r)} is not a boolean: its value cannot be checked`, evidence: evidence(r) });
    }
  }
  if (cells.length === 0) {
    out.push({ code: "no_cell_groups", severity: "info", message: "no instance group runs the garden job: this manifest has no Diego cells", evidence: {} });
  }
  for (const c of cells) {
    const ev: Evidence = { instanceGroup: c.instanceGroup, job: c.job, release: `${c.release}/${c.releaseVersion ?? "?"}`, property: propertyName(ROOTLESS_PROPERTY) };
    if (c.rootlessRemoved === null) {
      out.push({
        code: "garden_version_unknown",
        severity: "warning",
        message: `the version of release ${c.release} used by ${where(c)} is not a release number, so it is unknown whether rootless mode exists there`,
        evidence: ev,
      });
    }
    if (c.rootlessRemoved === true && c.rootlessExplicit) {
      out.push({
        code: "rootless_property_obsolete",
        severity: "warning",
        message: `${where(c)} still sets ${propertyName(ROOTLESS_PROPERTY)}, which ${c.release} removed in ${ROOTLESS_REMOVED_IN}: the property has no effect`,
        evidence: { ...ev, value: c.rootless },
      });
    }
    if (c.rootlessRemoved === false && c.rootless === true) {
      out.push({ code: "cells_rootless", severity: "info", message: `${where(c)} runs Garden rootless`, evidence: { ...ev, value: true } });
      if (c.containerdMode === true) {
        out.push({
          code: "rootless_with_containerd",
          severity: "warning",
          message: `${where(c)} sets both ${propertyName(ROOTLESS_PROPERTY)} and ${propertyName(CONTAINERD_PROPERTY)}, which garden-runc before ${ROOTLESS_REMOVED_IN} cannot combine`,
          evidence: { ...ev, property: propertyName(CONTAINERD_PROPERTY), value: true },
        });
      }
    }
  }
  return out;
}
