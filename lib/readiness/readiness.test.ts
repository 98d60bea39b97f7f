import { describe, expect, it } from "vitest";
import { applyOps } from "@/lib/bosh/go-patch";
import { analyzeManifestObject, type ManifestAnalysis } from "@/lib/bosh/manifest";
import { parseBoshYaml } from "@/lib/bosh/yaml";
import { cfDeploymentV58, composeManifestObject, sampleManifest, type ComposeOptions } from "@/lib/testing/manifests";
import { opsFilePreviewYaml, opsFileYaml } from "./ops-files";
import { applyCommand, evaluateReadiness, type Readiness, type SnapshotFacts } from "./readiness";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const DAY = 86_400_000;
const fresh = (segments: SnapshotFacts["segments"]): SnapshotFacts => ({ capturedMs: NOW - 3_600_000, segments });
const analyse = (doc: unknown) => analyzeManifestObject(doc, "hash");
const facts = (a: ManifestAnalysis) => ({ ...a, uploadedAt: new Date(NOW).toISOString(), lastSeenAt: new Date(NOW).toISOString() });

function readiness(doc: unknown, snapshot: SnapshotFacts | null = fresh([]), maxSnapshotAgeMs = 7 * DAY): Readiness {
  return evaluateReadiness({ manifest: facts(analyse(doc)), snapshot, nowMs: NOW, maxSnapshotAgeMs });
}
const compose = (o: ComposeOptions = {}) => composeManifestObject(o);
const codes = (r: { reasons: { code: string }[] }) => r.reasons.map((x) => x.code);

/** Applies a generated ops file, after a YAML round trip (what the user downloads), to the uploaded manifest. */
function applyGenerated(doc: unknown, r: Readiness, id: string): ManifestAnalysis {
  const file = r.opsFiles.find((f) => f.id === id);
  expect(file, `ops file ${id}`).toBeDefined();
  const ops = parseBoshYaml(opsFileYaml(file!, applyCommand(file!)), "ops file") as never;
  return analyse(applyOps(doc, ops));
}

describe("readiness verdicts", () => {
  it("all clean on garden-runc 1.52: ready, and an ops file turning rootless on for every cell group", () => {
    const doc = compose({ cells: [{ name: "diego-cell", containerd: true }] });
    const r = readiness(doc, fresh([{ name: "shared", apps: 10, privilegedApps: 0 }]));
    expect(r.verdict).toBe("ready");
    expect(r.segments).toMatchObject([{ name: "shared", verdict: "ready", instanceGroups: ["diego-cell"] }]);
    const step = r.nextSteps.find((s) => s.code === "enable_rootless")!;
    expect(step.commands).toContain("bosh -d cf deploy manifest.yml -o rootless-cells.yml --recreate");
    expect(step.detail).toContain("--recreate");
    const after = applyGenerated(doc, r, "rootless-cells");
    expect(after.cells[0]).toMatchObject({ rootless: true, containerdExplicit: false });
    expect(after.findings.map((f) => f.code)).toEqual(["cells_rootless"]);
  });

  it("running flag true only on the clock: blocked, inconsistent, names the job; the CC ops file fixes every job", () => {
    const doc = compose({
      cc: { cloud_controller_ng: { running: false }, cloud_controller_worker: {}, cloud_controller_clock: { running: true }, cc_deployment_updater: { running: false } },
    });
    const r = readiness(doc);
    expect(r.verdict).toBe("blocked");
    const blocker = r.reasons.find((x) => x.code === "cc_flag_true")!;
    expect(blocker).toMatchObject({ effect: "blocks", evidence: { instanceGroup: "scheduler", job: "cloud_controller_clock" } });
    expect(blocker.message).toContain("cloud_controller_clock on instance group scheduler");
    expect(codes(r)).toContain("cc_flags_inconsistent");
    expect(r.segments.every((s) => s.verdict === "blocked")).toBe(true);
    expect(r.opsFiles.map((f) => f.id)).toEqual(["cc-privileged-containers-off"]);
    expect(r.opsFiles[0].changes).toHaveLength(4);
    const after = applyGenerated(doc, r, "cc-privileged-containers-off");
    expect(after.ccFlags.filter((f) => f.property.endsWith("running")).map((f) => [f.job, f.value, f.explicit])).toEqual([
      ["cloud_controller_ng", false, true],
      ["cloud_controller_worker", false, true],
      ["cloud_controller_clock", false, true],
      ["cc_deployment_updater", false, true],
    ]);
    expect(readiness(applyOps(doc, parseBoshYaml(opsFileYaml(r.opsFiles[0], "")) as never)).verdict).toBe("ready");
  });

  it("legacy nsync/stager flag true: blocked, and the ops file sets it false", () => {
    const doc = compose({ legacy: { nsync: true, stager: true } });
    const r = readiness(doc);
    expect(r.verdict).toBe("blocked");
    expect(r.reasons.filter((x) => x.code === "legacy_flag_true").map((x) => x.evidence.job)).toEqual(["nsync", "stager"]);
    const after = applyGenerated(doc, r, "cc-privileged-containers-off");
    expect(after.legacyFlags.map((f) => f.value)).toEqual([false, false]);
    expect(after.findings.filter((f) => f.severity === "blocker")).toEqual([]);
  });

  it("two cell groups: the clean segment is ready and gets the rootless ops file, the other is blocked", () => {
    const doc = compose({ cells: [{ name: "diego-cell" }, { name: "iso-cell", tags: ["iso"] }] });
    const r = readiness(
      doc,
      fresh([
        { name: "shared", apps: 5, privilegedApps: 0 },
        { name: "iso", apps: 3, privilegedApps: 2 },
      ]),
    );
    expect(r.verdict).toBe("blocked");
    expect(r.segments.map((s) => [s.name, s.verdict])).toEqual([
      ["shared", "ready"],
      ["iso", "blocked"],
    ]);
    const iso = r.segments[1].reasons.find((x) => x.code === "privileged_apps")!;
    expect(iso.message).toBe("2 privileged apps are placed on segment iso (cells: iso-cell)");
    expect(iso.evidence).toMatchObject({ instanceGroup: "iso-cell", job: "rep", segment: "iso", apps: 2 });
    expect(r.opsFiles.find((f) => f.id === "rootless-cells")!.changes).toEqual(["diego-cell/garden: garden.experimental_rootless_mode = true"]);
    const after = applyGenerated(doc, r, "rootless-cells");
    expect(after.cells.map((c) => [c.instanceGroup, c.rootless])).toEqual([
      ["diego-cell", true],
      ["iso-cell", false],
    ]);
    expect(r.nextSteps.map((s) => s.code)).toEqual(["restage_privileged_apps", "enable_rootless"]);
  });

  it("cells already rootless while privileged LRPs are placed on their segment: a conflict, shown first", () => {
    const doc = compose({ cc: { cloud_controller_ng: { running: true } }, cells: [{ name: "diego-cell", rootless: true }] });
    const r = readiness(doc, fresh([{ name: "shared", apps: 4, privilegedApps: 1 }]));
    expect(r.verdict).toBe("blocked");
    expect(r.reasons[0]).toMatchObject({ code: "rootless_cells_privileged_lrps", effect: "conflict", evidence: { instanceGroup: "diego-cell", job: "garden", segment: "shared" } });
    expect(r.segments[0].reasons[0].code).toBe("rootless_cells_privileged_lrps");
  });

  it("garden-runc ≥ 1.53 with the obsolete property: the goal is zero privileged LRPs, and an ops file removes it", () => {
    const doc = compose({ gardenVersion: "1.58.0", cells: [{ name: "diego-cell", rootless: true }] });
    const r = readiness(doc, fresh([{ name: "shared", apps: 4, privilegedApps: 0 }]));
    expect(r.verdict).toBe("ready");
    expect(codes(r)).toContain("rootless_property_obsolete");
    expect(codes(r)).not.toContain("rootless_cells_privileged_lrps");
    const step = r.nextSteps.find((s) => s.code === "rootless_removed")!;
    expect(step.detail).toContain("zero privileged LRPs with both CC flags false");
    expect(step.opsFile?.id).toBe("remove-obsolete-rootless-property");
    expect(r.opsFiles.map((f) => f.id)).not.toContain("rootless-cells");
    const after = applyGenerated(doc, r, "remove-obsolete-rootless-property");
    expect(after.findings.map((f) => f.code)).not.toContain("rootless_property_obsolete");
  });

  it("garden-runc ≥ 1.53 without the property: no ops file, the same goal", () => {
    const r = readiness(compose({ gardenVersion: "1.53.0" }), fresh([{ name: "shared", apps: 4, privilegedApps: 3 }]));
    expect(r.verdict).toBe("blocked");
    expect(r.opsFiles).toEqual([]);
    expect(r.nextSteps.find((s) => s.code === "rootless_removed")!.opsFile).toBeNull();
  });

  it("a manifest without CC jobs: unknown, and it says so", () => {
    const r = readiness(compose({ cc: {} }), fresh([{ name: "shared", apps: 1, privilegedApps: 0 }]));
    expect(r.verdict).toBe("unknown");
    expect(r.reasons.find((x) => x.code === "no_cc_jobs")?.message).toMatch(/no Cloud Controller job/);
  });

  it("a flag set to a ((variable)) cannot be checked: unknown, naming the job", () => {
    const r = readiness(compose({ cc: { cloud_controller_ng: { running: "((privileged_containers))" }, cloud_controller_clock: { running: false } } }));
    expect(r.verdict).toBe("unknown");
    expect(r.reasons.find((x) => x.code === "cc_flag_unreadable")).toMatchObject({ effect: "unknown", evidence: { instanceGroup: "api", job: "cloud_controller_ng", value: "unreadable" } });
    expect(JSON.stringify(r)).not.toContain("((privileged_containers))");
  });

  it("no manifest, no snapshot, a stale snapshot: unknown with each reason", () => {
    const none = evaluateReadiness({ manifest: null, snapshot: null, nowMs: NOW, maxSnapshotAgeMs: DAY });
    expect(none.verdict).toBe("unknown");
    expect(codes(none)).toEqual(["no_manifest", "no_snapshot"]);
    expect(none.nextSteps.map((s) => s.code)).toEqual(["upload_manifest", "upload_snapshot"]);
    const stale = readiness(compose(), { capturedMs: NOW - 3 * DAY, segments: [] }, DAY);
    expect(stale.verdict).toBe("unknown");
    expect(stale.reasons.find((x) => x.code === "snapshot_stale")?.message).toContain("3 days old");
  });

  it("YAML 1.1 booleans count: `on` blocks", () => {
    const text = sampleManifest().replaceAll("use_privileged_containers_for_running: true", "use_privileged_containers_for_running: on");
    expect(readiness(parseBoshYaml(text)).verdict).toBe("blocked");
  });
});

describe("ops files for jobs with `properties:` null or absent", () => {
  type Job = { name: string; properties?: unknown };
  const jobOf = (doc: Record<string, unknown>, group: string, job: string) =>
    (doc.instance_groups as { name: string; jobs: Job[] }[]).find((g) => g.name === group)!.jobs.find((j) => j.name === job)!;
  const blockedElsewhere = () =>
    compose({
      cc: {
        cloud_controller_ng: { running: true, staging: true },
        cloud_controller_worker: {},
        cloud_controller_clock: { running: false },
        cc_deployment_updater: { running: false },
      },
    });

  for (const [label, strip] of [
    ["null", (j: Job) => void (j.properties = null)],
    ["absent", (j: Job) => void delete j.properties],
  ] as const) {
    it(`cloud_controller_worker with properties ${label}, both flags true on the API: the CC ops file applies and the worker reads false`, () => {
      const doc = blockedElsewhere();
      strip(jobOf(doc, "cc-worker", "cloud_controller_worker"));
      const r = readiness(doc);
      expect(r.verdict).toBe("blocked");
      const after = applyGenerated(doc, r, "cc-privileged-containers-off");
      expect(after.ccFlags.filter((f) => f.job === "cloud_controller_worker").map((f) => [f.property, f.value, f.explicit])).toEqual([
        ["cc.diego.use_privileged_containers_for_running", false, true],
        ["cc.diego.use_privileged_containers_for_staging", false, true],
      ]);
      expect(after.findings).toEqual([]);
      expect(readiness(applyOps(doc, r.opsFiles[0].ops)).verdict).toBe("ready");
    });
  }

  it("a null `cc:` part way down is replaced, not descended into", () => {
    const doc = blockedElsewhere();
    jobOf(doc, "cc-worker", "cloud_controller_worker").properties = { cc: null };
    const after = applyGenerated(doc, readiness(doc), "cc-privileged-containers-off");
    expect(after.findings).toEqual([]);
  });

  it("garden with properties null on garden-runc 1.52: the rootless ops file applies", () => {
    const doc = compose();
    jobOf(doc, "diego-cell", "garden").properties = null;
    const r = readiness(doc, fresh([{ name: "shared", apps: 3, privilegedApps: 0 }]));
    expect(applyGenerated(doc, r, "rootless-cells").cells).toMatchObject([{ instanceGroup: "diego-cell", rootless: true, rootlessExplicit: true }]);
  });
});

describe("preview of the patched instance groups", () => {
  const CANARY = "canary-secret-7f3a";
  // secrets beside the flags at every level the skeleton keeps, and on jobs and groups it leaves out
  const planted = () =>
    parseBoshYaml(
      sampleManifest()
        .replace("db_encryption_key: ((cc_db_encryption_key))", `db_encryption_key: ${CANARY}-cc`)
        .replace("use_privileged_containers_for_staging: false", `use_privileged_containers_for_staging: false\n          staging_upload_password: ${CANARY}-diego`)
        .replace("{cc: {diego: {use_privileged_containers_for_running: true}}}, release: capi}\n  name: cc-worker", `{cc: {diego: {use_privileged_containers_for_running: "${CANARY}-flag"}}}, release: capi}\n  name: cc-worker`)
        .replace("deny_networks: [0.0.0.0/0]", `deny_networks: [0.0.0.0/0]\n        tls: {private_key: ${CANARY}-garden}`)
        .replace("{name: cfdot, release: diego}\n  name: scheduler", `{name: cfdot, release: diego, properties: {tls: ${CANARY}-cfdot}}\n  name: scheduler`) +
        `properties: {secret: ${CANARY}-global}\n`,
    ) as Record<string, unknown>;

  it("the skeleton keeps names, jobs, releases and the flag paths, never another property value", () => {
    const doc = planted();
    expect(JSON.stringify(doc).split(CANARY).length - 1).toBe(6);
    const { skeleton } = analyse(doc);
    expect(JSON.stringify(skeleton)).not.toContain(CANARY);
    expect(skeleton.instance_groups.map((g) => g.name)).toEqual(["api", "cc-worker", "scheduler", "diego-cell", "isolated-diego-cell"]);
    expect(skeleton.instance_groups[2].jobs).toEqual([
      { name: "cloud_controller_clock", release: "capi", properties: { cc: { diego: { use_privileged_containers_for_running: true } } } },
      { name: "cc_deployment_updater", release: "capi", properties: { cc: { diego: { use_privileged_containers_for_running: true } } } },
      { name: "cfdot", release: "diego" },
    ]);
    expect(skeleton.instance_groups[1].jobs[0].properties).toEqual({ cc: { diego: { use_privileged_containers_for_running: "(not stored)" } } });
  });

  it("shows every instance group the CC ops file changes, patched, and no secret", () => {
    const doc = planted();
    const a = analyse(doc);
    const r = evaluateReadiness({ manifest: facts(a), snapshot: fresh([]), nowMs: NOW, maxSnapshotAgeMs: DAY });
    const file = r.opsFiles.find((f) => f.id === "cc-privileged-containers-off")!;
    const preview = opsFilePreviewYaml(a.skeleton, file);
    expect(preview).not.toContain(CANARY);
    const shown = parseBoshYaml(preview) as { instance_groups: { name: string; jobs: { name: string; properties?: unknown }[] }[] };
    expect(shown.instance_groups.map((g) => g.name)).toEqual(["api", "cc-worker", "scheduler"]);
    expect(shown.instance_groups[0].jobs[0]).toEqual({
      name: "cloud_controller_ng",
      release: "capi",
      properties: { cc: { diego: { use_privileged_containers_for_running: false, use_privileged_containers_for_staging: false } } },
    });
    // the preview is what applying the downloaded file to the manifest gives, for the properties it sets
    const patched = applyOps(doc, file.ops) as typeof shown;
    const flag = (d: typeof shown, g: number, j: number) => JSON.stringify((d.instance_groups[g].jobs[j].properties as { cc: { diego: unknown } }).cc.diego);
    expect(flag(shown, 1, 0)).toBe(flag(patched, 1, 0));
    expect(flag(shown, 2, 0)).toBe(flag(patched, 2, 0));
  });
});

describe("ops file text", () => {
  it("a line break in an instance group name cannot add an operation through the header", () => {
    const doc = compose({ cc: { cloud_controller_ng: { running: true } } });
    const evil = "api\n- type: remove\n  path: /instance_groups";
    (doc.instance_groups as { name: string }[])[0].name = evil;
    const file = readiness(doc).opsFiles[0];
    const ops = parseBoshYaml(opsFileYaml(file, applyCommand(file))) as { path: string }[];
    expect(ops).toHaveLength(1);
    expect(ops[0].path).toBe(`/instance_groups/name=${evil.replaceAll("/", "~1").replaceAll(":", "~7")}/jobs/name=cloud_controller_ng/properties/cc?/diego/use_privileged_containers_for_running`);
  });
});

describe("ops files on the real cf-deployment v58 sample", () => {
  const V58_OPS = ["enable-privileged-container-support.yml", "add-persistent-isolation-segment-diego-cell.yml"];

  it("privileged support on (garden-runc 1.92.0): blocked; the CC ops file, applied, leaves no flag true on any CC job", () => {
    const doc = cfDeploymentV58(...V58_OPS);
    const r = readiness(doc, fresh([{ name: "shared", apps: 10, privilegedApps: 0 }]));
    expect(r.verdict).toBe("blocked");
    expect(r.reasons.filter((x) => x.code === "cc_flag_true").map((x) => `${x.evidence.instanceGroup}/${x.evidence.job}`)).toEqual([
      "api/cloud_controller_ng",
      "cc-worker/cloud_controller_worker",
      "scheduler/cloud_controller_clock",
    ]);
    const after = applyGenerated(doc, r, "cc-privileged-containers-off");
    expect(after.findings.filter((f) => f.code.startsWith("cc_"))).toEqual([]);
    expect(readiness(applyOps(doc, r.opsFiles[0].ops), fresh([{ name: "shared", apps: 10, privilegedApps: 0 }])).verdict).toBe("ready");
  });

  it("with the experimental rootless ops file on 1.92.0: the obsolete property, removed by its ops file", () => {
    const doc = cfDeploymentV58(...V58_OPS, "rootless-containers.yml");
    const r = readiness(doc);
    expect(r.reasons.filter((x) => x.code === "rootless_property_obsolete").map((x) => x.evidence.instanceGroup)).toEqual(["diego-cell"]);
    const after = applyGenerated(doc, r, "remove-obsolete-rootless-property");
    expect(after.findings.map((f) => f.code)).not.toContain("rootless_property_obsolete");
  });

  it("pinned back to garden-runc 1.52.0: both cell groups are ready and the rootless ops file makes them rootless", () => {
    const doc = applyOps(cfDeploymentV58("add-persistent-isolation-segment-diego-cell.yml"), [
      { type: "replace", path: "/releases/name=garden-runc/version", value: "1.52.0" },
    ]);
    const r = readiness(doc, fresh([{ name: "shared", apps: 10, privilegedApps: 0 }]));
    expect(r.verdict).toBe("ready");
    const after = applyGenerated(doc, r, "rootless-cells");
    expect(after.cells.map((c) => [c.instanceGroup, c.rootless, c.containerdExplicit])).toEqual([
      ["diego-cell", true, false],
      ["isolated-diego-cell", true, false],
    ]);
    expect(after.findings.filter((f) => f.code === "rootless_with_containerd")).toEqual([]);
  });
});
