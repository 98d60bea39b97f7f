import { stringify } from "yaml";
import { applyOps, type PatchOp } from "@/lib/bosh/go-patch";
import {
  CC_FLAGS,
  CONTAINERD_PROPERTY,
  LEGACY_FLAGS,
  ROOTLESS_PROPERTY,
  type CellGroup,
  type FlagReading,
  type ManifestAnalysis,
  type PropertiesAt,
} from "@/lib/bosh/manifest";
import { NOT_STORED, type ManifestSkeleton } from "@/lib/bosh/skeleton";
import type { OPS_FILE_IDS } from "@/lib/schemas/readiness";

// Ops files for `bosh deploy -o`, built from the stored analysis and redacted skeleton (never from the manifest,
// which is not kept). Each operation is written against the skeleton as patched by the operations before it, so
// a path never descends into a `properties:` (or deeper key) that is null or missing where go-patch would fail;
// tests apply each file to the uploaded manifest with lib/bosh/go-patch.

export type OpsFileId = (typeof OPS_FILE_IDS)[number];

export interface OpsFile {
  id: OpsFileId;
  fileName: string;
  /** what the file changes, one line per instance group and job */
  changes: string[];
  ops: PatchOp[];
  /** what the operations patch: the preview shows these instance groups (and the global properties) */
  touches: { instanceGroups: string[]; globalProperties: boolean };
}

/** The analysis facts an ops file is built from (a stored manifest analysis has them). */
export type OpsFileSource = Pick<ManifestAnalysis, "ccFlags" | "legacyFlags" | "cells"> & {
  /** null for a manifest stored before skeletons were kept: paths then assume every key is a map or missing */
  skeleton: ManifestSkeleton | null;
};

type Where = { instanceGroup: string; job: string; propertiesAt: PropertiesAt };
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** go-patch's pointer escapes (docs/examples.md): names may not contain a bare `~`, `/` or `:`. */
const escapeToken = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1").replace(/:/g, "~7");

function containerPath(at: Where): string {
  if (at.propertiesAt === "global") return "";
  const group = `/instance_groups/name=${escapeToken(at.instanceGroup)}`;
  return at.propertiesAt === "instance_group" ? group : `${group}/jobs/name=${escapeToken(at.job)}`;
}

/** The object holding the `properties` a job reads, in the skeleton; undefined when the skeleton lacks it. */
function containerOf(doc: ManifestSkeleton | null, at: Where): object | undefined {
  if (!doc || at.propertiesAt === "global") return doc ?? undefined;
  const group = doc.instance_groups.find((g) => g.name === at.instanceGroup);
  return at.propertiesAt === "instance_group" ? group : group?.jobs.find((j) => j.name === at.job);
}

/**
 * The operation that sets a property of a job where BOSH reads it from. Where every key on the way is a map or
 * missing, the path turns optional (`?`) from the first property key on, so it also applies to a source
 * manifest that does not spell the intermediate keys out (and from `properties` when the job has none). A key
 * on the way that holds null or a scalar cannot be descended into: the operation replaces that key with the
 * nested value instead.
 */
function setOp(doc: ManifestSkeleton | null, at: Where, property: readonly string[], value: unknown): PatchOp {
  const keys = ["properties", ...property];
  let cur = containerOf(doc, at) as Obj | undefined;
  let optionalFrom = 1;
  for (let i = 0; cur && i < keys.length - 1; i++) {
    if (!Object.hasOwn(cur, keys[i])) {
      optionalFrom = Math.min(i, 1);
      break;
    }
    const next = cur[keys[i]];
    if (!isObj(next)) {
      const nested = keys.slice(i + 1).reduceRight<unknown>((v, k) => ({ [k]: v }), value);
      return { type: "replace", path: `${containerPath(at)}/${[...keys.slice(0, i), `${keys[i]}?`].join("/")}`, value: nested };
    }
    cur = next;
  }
  return { type: "replace", path: `${containerPath(at)}/${keys.map((k, i) => (i === optionalFrom ? `${k}?` : k)).join("/")}`, value };
}

/** The go-patch path of an explicitly set property of a job, for removing it. */
const removeOp = (at: Where, property: readonly string[]): PatchOp => ({
  type: "remove",
  path: `${containerPath(at)}/properties/${property.map((k, i) => (i === 0 ? `${k}?` : k)).join("/")}`,
});

/** Collects operations, applying each to a copy of the skeleton so the next one is written against the result. */
function opsWriter(skeleton: ManifestSkeleton | null) {
  let doc = skeleton && structuredClone(skeleton);
  const ops: PatchOp[] = [];
  const changes: string[] = [];
  const groups = new Set<string>();
  let globalProperties = false;
  const add = (op: PatchOp, at: Where, change: string) => {
    ops.push(op);
    changes.push(`${at.instanceGroup}/${at.job}: ${change}`);
    if (at.propertiesAt === "global") globalProperties = true;
    else groups.add(at.instanceGroup);
    if (doc) doc = applyOps(doc, [op]) as ManifestSkeleton;
  };
  return {
    set: (at: Where, property: readonly string[], value: unknown) => add(setOp(doc, at, property, value), at, `${property.join(".")} = ${String(value)}`),
    remove: (at: Where, property: readonly string[]) => add(removeOp(at, property), at, `remove ${property.join(".")}`),
    file: (id: OpsFileId): OpsFile | null =>
      ops.length ? { id, fileName: `${id}.yml`, changes, ops, touches: { instanceGroups: [...groups], globalProperties } } : null,
  };
}

const dedupe = <T extends { instanceGroup: string; job: string }>(rows: T[]) => [...new Map(rows.map((r) => [`${r.instanceGroup}/${r.job}`, r])).values()];

/** Sets every flag that is true anywhere to false on every job that declares it (consistent values everywhere). */
export function ccFlagsOffOps(src: OpsFileSource): OpsFile | null {
  const w = opsWriter(src.skeleton);
  for (const path of [CC_FLAGS.running, CC_FLAGS.staging]) {
    const name = path.join(".");
    if (!src.ccFlags.some((r) => r.property === name && r.value === true)) continue;
    for (const r of dedupe(src.ccFlags.filter((f) => f.property === name))) w.set(r, path, false);
  }
  for (const r of src.legacyFlags.filter((f: FlagReading) => f.value === true)) w.set(r, LEGACY_FLAGS[r.job as keyof typeof LEGACY_FLAGS], false);
  return w.file("cc-privileged-containers-off");
}

/**
 * Turns Garden rootless on the given cell groups (garden-runc < 1.53 only). Containerd mode cannot be combined
 * with rootless there, so an explicit `containerd_mode` is removed, as cf-deployment's rootless ops file does.
 */
export function rootlessOps(cells: CellGroup[], skeleton: ManifestSkeleton | null): OpsFile | null {
  const w = opsWriter(skeleton);
  for (const c of cells) {
    if (c.rootless !== true) w.set(c, ROOTLESS_PROPERTY, true);
    if (c.containerdExplicit) w.remove(c, CONTAINERD_PROPERTY);
  }
  return w.file("rootless-cells");
}

/** Removes `experimental_rootless_mode` where garden-runc ≥ 1.53 no longer has it. */
export function removeObsoleteRootlessOps(cells: CellGroup[], skeleton: ManifestSkeleton | null): OpsFile | null {
  const w = opsWriter(skeleton);
  for (const c of cells.filter((x) => x.rootlessRemoved === true && x.rootlessExplicit)) w.remove(c, ROOTLESS_PROPERTY);
  return w.file("remove-obsolete-rootless-property");
}

// names come from the uploaded manifest: a line break in one must not end the comment and add an operation
const comment = (s: string) => `# ${s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, "?")}`;

/** The ops file as YAML, with a header saying what it does and how to apply it. */
export function opsFileYaml(file: OpsFile, applyWith: string): string {
  const header = [comment(`${file.fileName}: generated by Rootless Ready`), ...file.changes.map((c) => comment(`  ${c}`)), comment(`apply: ${applyWith}`)];
  return `${header.join("\n")}\n${stringify(file.ops, { version: "1.1" })}`;
}

/**
 * The instance groups an ops file touches (and the global properties, when it sets them), as `bosh int -o` would
 * print them after applying it to the stored skeleton. Every property the file does not set is left out: the
 * app never keeps their values.
 */
export function opsFilePreviewYaml(skeleton: ManifestSkeleton, file: OpsFile): string {
  const patched = applyOps(skeleton, file.ops) as ManifestSkeleton;
  const shown: Partial<ManifestSkeleton> = {};
  if (file.touches.globalProperties) shown.properties = patched.properties;
  const groups = patched.instance_groups.filter((g) => file.touches.instanceGroups.includes(g.name));
  if (groups.length) shown.instance_groups = groups;
  const header = [
    comment(`${file.fileName} applied to the uploaded manifest: the instance groups it changes`),
    comment(`only the properties it sets are shown; other property values are never stored (${NOT_STORED}: a value that is not a boolean)`),
  ];
  return `${header.join("\n")}\n${stringify(shown, { version: "1.1" })}`;
}
