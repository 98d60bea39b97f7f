import { describe, expect, it } from "vitest";
import { cfDeploymentV58, composeManifest, sampleManifest } from "@/lib/testing/manifests";
import { ManifestError } from "./errors";
import { analyzeManifest, analyzeManifestObject, compareVersions } from "./manifest";

const codes = (a: { findings: { code: string }[] }) => a.findings.map((f) => f.code);

describe("manifest analysis", () => {
  it("reads the composed sample: CC flags per job, garden-runc 1.52.0 cells and their segments", () => {
    const a = analyzeManifest(sampleManifest());
    expect(a.deployment).toBe("cf");
    expect(a.releases).toContainEqual({ name: "garden-runc", version: "1.52.0" });
    expect(a.ccFlags.filter((f) => f.value === true).map((f) => `${f.instanceGroup}/${f.job}`)).toEqual([
      "api/cloud_controller_ng",
      "cc-worker/cloud_controller_worker",
      "scheduler/cloud_controller_clock",
      "scheduler/cc_deployment_updater",
    ]);
    expect(a.cells.map((c) => [c.instanceGroup, c.segments, c.rootless, c.rootlessRemoved])).toEqual([
      ["diego-cell", ["shared"], false, false],
      ["isolated-diego-cell", ["persistent_isolation_segment"], false, false],
    ]);
    expect(a.instanceGroups.map((g) => g.name)).toEqual(["api", "cc-worker", "scheduler", "diego-cell", "isolated-diego-cell"]);
  });

  it("all clean on garden-runc 1.52: no blocker", () => {
    const a = analyzeManifest(composeManifest());
    expect(a.findings.filter((f) => f.severity === "blocker" || f.severity === "unknown")).toEqual([]);
  });

  it("running flag true only on the clock: a blocker naming the job, and an inconsistency", () => {
    const a = analyzeManifest(
      composeManifest({
        cc: {
          cloud_controller_ng: { running: false },
          cloud_controller_worker: { running: false },
          cloud_controller_clock: { running: true },
          cc_deployment_updater: {},
        },
      }),
    );
    const blocker = a.findings.filter((f) => f.code === "cc_flag_true");
    expect(blocker).toHaveLength(1);
    expect(blocker[0].evidence).toMatchObject({ instanceGroup: "scheduler", job: "cloud_controller_clock", property: "cc.diego.use_privileged_containers_for_running", value: true });
    const inconsistent = a.findings.find((f) => f.code === "cc_flags_inconsistent")!;
    expect(inconsistent.message).toContain("true only on cloud_controller_clock on instance group scheduler");
    expect(inconsistent.evidence.sources).toHaveLength(4);
  });

  it("legacy nsync/stager flags", () => {
    const a = analyzeManifest(composeManifest({ legacy: { nsync: true, stager: false } }));
    expect(a.findings.filter((f) => f.code === "legacy_flag_true").map((f) => f.evidence)).toEqual([
      { instanceGroup: "cc-bridge", job: "nsync", property: "capi.nsync.diego_privileged_containers", value: true },
    ]);
    expect(a.legacyFlags.map((f) => [f.job, f.value])).toEqual([
      ["nsync", true],
      ["stager", false],
    ]);
  });

  it("garden-runc ≥ 1.53: the rootless property is obsolete when set, not otherwise", () => {
    const set = analyzeManifest(composeManifest({ gardenVersion: "1.53.0", cells: [{ name: "diego-cell", rootless: true }] }));
    expect(codes(set)).toContain("rootless_property_obsolete");
    expect(codes(set)).not.toContain("cells_rootless");
    const unset = analyzeManifest(composeManifest({ gardenVersion: "1.58.0" }));
    expect(codes(unset)).not.toContain("rootless_property_obsolete");
    expect(unset.cells[0].rootlessRemoved).toBe(true);
  });

  it("a manifest without CC jobs says the flags cannot be read", () => {
    const a = analyzeManifest(composeManifest({ cc: {} }));
    expect(a.findings.find((f) => f.code === "no_cc_jobs")).toMatchObject({ severity: "unknown", message: expect.stringContaining("no Cloud Controller job") });
  });

  it("reads YAML 1.1 booleans (on, yes) as BOSH does", () => {
    const yaml = `name: cf
instance_groups:
- name: api
  jobs:
  - name: cloud_controller_ng
    release: capi
    properties: {cc: {diego: {use_privileged_containers_for_running: on, use_privileged_containers_for_staging: yes}}}
releases: [{name: capi, version: 1.180.0}]
`;
    const a = analyzeManifest(yaml);
    expect(a.ccFlags.map((f) => f.value)).toEqual([true, true]);
    expect(codes(a).filter((c) => c === "cc_flag_true")).toHaveLength(2);
  });

  it("a ((variable)) flag is unreadable, never true or false", () => {
    const a = analyzeManifest(composeManifest({ cc: { cloud_controller_ng: { running: "((privileged))" } } }));
    expect(a.ccFlags[0].value).toBe("unreadable");
    expect(codes(a)).toContain("cc_flag_unreadable");
  });

  it("keeps release versions as written (1.60 is not 1.6)", () => {
    const yaml = composeManifest({ gardenVersion: "X" }).replace("version: X", "version: 1.60");
    expect(analyzeManifest(yaml).cells[0]).toMatchObject({ releaseVersion: "1.60", rootlessRemoved: true });
    expect(compareVersions("1.9.5", "1.53.0")).toBe(-1);
    expect(compareVersions("latest", "1.53.0")).toBeNull();
  });

  it("falls back to instance-group properties when a job has none (deprecated BOSH layout)", () => {
    const yaml = `instance_groups:
- name: api
  properties: {cc: {diego: {use_privileged_containers_for_running: true}}}
  jobs: [{name: cloud_controller_ng, release: capi}]
`;
    expect(analyzeManifest(yaml).ccFlags[0]).toMatchObject({ value: true, propertiesAt: "instance_group" });
  });

  it.each([
    ["invalid YAML", "instance_groups: [\n  - name: api\n bad: : :", /not valid YAML .* at line \d/],
    ["an empty file", "  \n", /empty/],
    ["a YAML list", "- a\n- b\n", /not a BOSH manifest/],
    ["YAML without instance_groups", "name: cf\nfoo: bar\n", /no `instance_groups`/],
    ["a v1 manifest", "name: cf\njobs: [{name: api, templates: []}]\n", /v1 manifest/],
    ["an alias bomb", `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`, /aliases/],
  ])("rejects %s with a reason", (_what, text, reason) => {
    expect(() => analyzeManifest(text)).toThrow(ManifestError);
    expect(() => analyzeManifest(text)).toThrow(reason);
  });

  it("error messages never quote the input", () => {
    const secret = "hunter2-canary";
    try {
      analyzeManifest(`instance_groups:\n- name: api\n  jobs: [{properties: {password: ${secret}}\n  bad: [`);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });

  it("reads the real cf-deployment v58 with enable-privileged-container-support.yml and the isolation segment", () => {
    const doc = cfDeploymentV58("enable-privileged-container-support.yml", "add-persistent-isolation-segment-diego-cell.yml", "rootless-containers.yml");
    const a = analyzeManifestObject(doc, "h");
    expect(a.releases).toContainEqual({ name: "garden-runc", version: "1.92.0" });
    expect(a.ccFlags.filter((f) => f.value === true).map((f) => f.job)).toEqual(["cloud_controller_ng", "cloud_controller_worker", "cloud_controller_clock"]);
    // the ops file sets neither cc_deployment_updater nor staging
    expect(a.findings.find((f) => f.code === "cc_flags_inconsistent")?.message).toContain("cloud_controller_clock");
    expect(a.cells.map((c) => [c.instanceGroup, c.segments])).toEqual([
      ["diego-cell", ["shared"]],
      ["isolated-diego-cell", ["persistent_isolation_segment"]],
    ]);
    expect(a.findings.filter((f) => f.code === "rootless_property_obsolete").map((f) => f.evidence.instanceGroup)).toEqual(["diego-cell"]);
  });
});
