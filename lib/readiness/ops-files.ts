import { stringify } from "yaml";
import type { PatchOp } from "@/lib/bosh/go-patch";
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
import type { OPS_FILE_IDS } from "@/lib/schemas/readiness";

// Ops files for `bosh deploy -o`, built from the stored analysis (never from the manifest, which is not kept).
// Every path starts optional (`?`) below `properties` so the file also applies to a source manifest that does
// not spell the intermediate keys out; tests apply each to the uploaded manifest with lib/bosh/go-patch.

export type OpsFileId = (typeof OPS_FILE_IDS)[number];

export interface OpsFile {
  id: OpsFileId;
  fileName: string;
  /** what the file changes, one line per instance group and job */
  changes: string[];
  ops: PatchOp[];
}

/** The analysis facts an ops file is built from (a stored manifest analysis has them). */
export type OpsFileSource = Pick<ManifestAnalysis, "ccFlags" | "legacyFlags" | "cells">;

/** go-patch's pointer escapes (docs/examples.md): names may not contain a bare `~`, `/` or `:`. */
const escapeToken = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1").replace(/:/g, "~7");

/** The go-patch path of a property of a job, at the place the job's properties are read from. */
export function propertyPath(at: { instanceGroup: string; job: string; propertiesAt: PropertiesAt }, property: readonly string[]): string {
  const [first, ...rest] = property;
  const tail = [`${first}?`, ...rest].join("/");
  if (at.propertiesAt === "global") return `/properties/${tail}`;
  const group = `/instance_groups/name=${escapeToken(at.instanceGroup)}`;
  if (at.propertiesAt === "instance_group") return `${group}/properties/${tail}`;
  return `${group}/jobs/name=${escapeToken(at.job)}/properties/${tail}`;
}

const dedupe = <T extends { instanceGroup: string; job: string }>(rows: T[]) => [...new Map(rows.map((r) => [`${r.instanceGroup}/${r.job}`, r])).values()];

/** Sets every flag that is true anywhere to false on every job that declares it (consistent values everywhere). */
export function ccFlagsOffOps(src: OpsFileSource): OpsFile | null {
  const ops: PatchOp[] = [];
  const changes: string[] = [];
  for (const path of [CC_FLAGS.running, CC_FLAGS.staging]) {
    const name = path.join(".");
    if (!src.ccFlags.some((r) => r.property === name && r.value === true)) continue;
    for (const r of dedupe(src.ccFlags.filter((f) => f.property === name))) {
      ops.push({ type: "replace", path: propertyPath(r, path), value: false });
      changes.push(`${r.instanceGroup}/${r.job}: ${name} = false`);
    }
  }
  for (const r of src.legacyFlags.filter((f: FlagReading) => f.value === true)) {
    const path = LEGACY_FLAGS[r.job as keyof typeof LEGACY_FLAGS];
    ops.push({ type: "replace", path: propertyPath(r, path), value: false });
    changes.push(`${r.instanceGroup}/${r.job}: ${r.property} = false`);
  }
  return ops.length ? { id: "cc-privileged-containers-off", fileName: "cc-privileged-containers-off.yml", changes, ops } : null;
}

/**
 * Turns Garden rootless on the given cell groups (garden-runc < 1.53 only). Containerd mode cannot be combined
 * with rootless there, so an explicit `containerd_mode` is removed, as cf-deployment's rootless ops file does.
 */
export function rootlessOps(cells: CellGroup[]): OpsFile | null {
  const ops: PatchOp[] = [];
  const changes: string[] = [];
  for (const c of cells) {
    if (c.rootless !== true) {
      ops.push({ type: "replace", path: propertyPath(c, ROOTLESS_PROPERTY), value: true });
      changes.push(`${c.instanceGroup}/${c.job}: ${ROOTLESS_PROPERTY.join(".")} = true`);
    }
    if (c.containerdExplicit) {
      ops.push({ type: "remove", path: propertyPath(c, CONTAINERD_PROPERTY) });
      changes.push(`${c.instanceGroup}/${c.job}: remove ${CONTAINERD_PROPERTY.join(".")}`);
    }
  }
  return ops.length ? { id: "rootless-cells", fileName: "rootless-cells.yml", changes, ops } : null;
}

/** Removes `experimental_rootless_mode` where garden-runc ≥ 1.53 no longer has it. */
export function removeObsoleteRootlessOps(cells: CellGroup[]): OpsFile | null {
  const obsolete = cells.filter((c) => c.rootlessRemoved === true && c.rootlessExplicit);
  if (obsolete.length === 0) return null;
  return {
    id: "remove-obsolete-rootless-property",
    fileName: "remove-obsolete-rootless-property.yml",
    changes: obsolete.map((c) => `${c.instanceGroup}/${c.job}: remove ${ROOTLESS_PROPERTY.join(".")}`),
    ops: obsolete.map((c) => ({ type: "remove", path: propertyPath(c, ROOTLESS_PROPERTY) })),
  };
}

/** The ops file as YAML, with a header saying what it does and how to apply it. */
export function opsFileYaml(file: OpsFile, applyWith: string): string {
  // names come from the uploaded manifest: a line break in one must not end the comment and add an operation
  const comment = (s: string) => `# ${s.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, "?")}`;
  const header = [comment(`${file.fileName}: generated by Rootless Ready`), ...file.changes.map((c) => comment(`  ${c}`)), comment(`apply: ${applyWith}`)];
  return `${header.join("\n")}\n${stringify(file.ops, { version: "1.1" })}`;
}
