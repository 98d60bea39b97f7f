import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { IngestError } from "@/lib/ingest/errors";
import { openUpload } from "@/lib/ingest/body";
import { ingestSnapshot } from "@/lib/ingest/ingest";
import { composeManifest, sampleManifest } from "@/lib/testing/manifests";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";
import { VIEWER } from "@/lib/testing/actors";

// Manifest upload and readiness against a real SQLite file, seeded by a real ingest of the sample dump.
const dir = mkdtempSync(path.join(tmpdir(), "rr-readiness-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { uploadManifest } = await import("./manifests");
const { getReadiness, getOpsFile, getOpsFilePreview, listReadinessVerdicts, listFoundationsWithReadiness } = await import("./readiness");
const { prisma } = await import("@/lib/db/prisma");

const F = "prod-eu";
const post = (body: string) => new Request("http://x/api", { method: "POST", body });

beforeAll(async () => {
  migrate({ log: () => {} });
  const dump = await openUpload(Readable.from([sampleDump()]), { contentType: null, contentEncoding: null }, 1e9);
  await ingestSnapshot({ foundation: F, capturedAt: new Date(Date.now() - 3_600_000), dump, actor: "test" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("manifest upload and readiness", () => {
  it("before any manifest: a reason and a first step say to upload one", async () => {
    const r = await getReadiness(VIEWER, F);
    expect(r.verdict).toBe("blocked"); // the sample dump has privileged apps
    expect(r.reasons.map((x) => x.code)).toContain("no_manifest");
    expect(r.nextSteps[0].code).toBe("upload_manifest");
  });

  it("the sample manifest: blocked by every CC job and by privileged apps on both segments; the CC ops file downloads", async () => {
    const { manifest: m } = await uploadManifest(post(sampleManifest()), F, "tester");
    expect(m.findings.filter((f) => f.code === "cc_flag_true")).toHaveLength(4);
    const r = await getReadiness(VIEWER, F);
    expect(r.verdict).toBe("blocked");
    expect(r.segments.map((s) => [s.name, s.verdict, s.privilegedApps])).toEqual([
      ["shared", "blocked", 1],
      ["persistent_isolation_segment", "blocked", 1],
    ]);
    expect(r.manifest?.releases).toContainEqual({ name: "garden-runc", version: "1.52.0" });
    const file = await getOpsFile(VIEWER, F, "cc-privileged-containers-off");
    expect(file.yaml).toContain("path: /instance_groups/name=scheduler/jobs/name=cloud_controller_clock/properties/cc?/diego/use_privileged_containers_for_running");
    await expect(getOpsFile(VIEWER, F, "rootless-cells")).rejects.toMatchObject({ status: 404 });
  });

  it("the fleet lists each foundation's verdict with its first reason", async () => {
    expect(await listReadinessVerdicts(VIEWER)).toEqual([
      {
        name: F,
        verdict: "blocked",
        reason: "cc.diego.use_privileged_containers_for_running is true on cloud_controller_ng on instance group api",
        segments: [
          { name: "shared", verdict: "blocked" },
          { name: "persistent_isolation_segment", verdict: "blocked" },
        ],
      },
    ]);
  });

  it("GET /api/foundations carries each foundation's verdict", async () => {
    expect(await listFoundationsWithReadiness(VIEWER)).toMatchObject([{ name: F, privilegedApps: 2, readiness: "blocked" }]);
  });

  it("a newer clean manifest replaces the verdict's source", async () => {
    await uploadManifest(post(composeManifest({ cells: [{ name: "diego-cell" }, { name: "iso", tags: ["persistent_isolation_segment"] }] })), F, "tester");
    const r = await getReadiness(VIEWER, F);
    expect(r.reasons.map((x) => x.code)).not.toContain("cc_flag_true");
    expect(r.reasons.filter((x) => x.code === "privileged_apps")).toHaveLength(2);
  });

  it("the same bytes again add no manifest: the stored one answers with its findings, seen now, and is the latest again", async () => {
    const rows = await prisma.manifest.count();
    const first = await prisma.manifest.findFirstOrThrow({ orderBy: { id: "asc" } });
    await new Promise((r) => setTimeout(r, 5));
    const again = await uploadManifest(post(sampleManifest()), F, "someone-else");
    expect(again.created).toBe(false);
    expect(again.manifest).toMatchObject({ id: String(first.id), uploadedBy: "tester", uploadedAt: first.uploadedAt.toISOString() });
    expect(again.manifest.findings.filter((f) => f.code === "cc_flag_true")).toHaveLength(4);
    expect(Date.parse(again.manifest.lastSeenAt)).toBeGreaterThan(first.uploadedAt.getTime());
    expect(await prisma.manifest.count()).toBe(rows);
    // uploaded after the clean manifest, so it is the evidence readiness reads again, as of now
    const r = await getReadiness(VIEWER, F);
    expect(r.manifest?.lastSeenAt).toBe(again.manifest.lastSeenAt);
    expect(r.reasons.filter((x) => x.code === "cc_flag_true")).toHaveLength(4);
    expect(await prisma.auditEvent.count({ where: { action: "manifest.seen_again", foundation: F } })).toBe(1);
  });

  it("the preview shows the instance groups the CC ops file changes, patched", async () => {
    const preview = await getOpsFilePreview(VIEWER, F, "cc-privileged-containers-off");
    expect(preview).toContain("- name: cc-worker");
    expect(preview).toContain("use_privileged_containers_for_running: false");
    expect(preview).not.toContain("true");
    const step = (await getReadiness(VIEWER, F)).nextSteps.find((s) => s.code === "cc_flags_off");
    expect(step?.opsFile?.preview).toBe(preview);
  });

  it("not YAML and not a manifest: 422 with the reason; over the limit: 413", async () => {
    await expect(uploadManifest(post("a: [\n b: : :"), F, "t")).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/not valid YAML/) });
    await expect(uploadManifest(post('{"lrps": []}'), F, "t")).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/not a BOSH manifest/) });
    process.env.MAX_MANIFEST_BYTES = "100";
    try {
      await expect(uploadManifest(post(sampleManifest()), F, "t")).rejects.toSatisfy((e) => e instanceof IngestError && e.kind === "too_large");
    } finally {
      delete process.env.MAX_MANIFEST_BYTES;
    }
  });

  it("a secret planted in a properties credential and in a variables value never reaches the database, the log or the response", async () => {
    const CANARY = `CANARY-${Date.now().toString(36)}-bosh`;
    // beside the flags too: the stored skeleton keeps `cc.diego` and `garden` for the preview, never their other keys
    const text = `${sampleManifest()
      .replace("db_encryption_key: ((cc_db_encryption_key))", `db_encryption_key: ${CANARY}-props\n        password: "${CANARY}-pw"`)
      .replace("use_privileged_containers_for_staging: false", `use_privileged_containers_for_staging: false\n          upload_password: ${CANARY}-diego`)
      .replace("deny_networks: [0.0.0.0/0]", `deny_networks: [0.0.0.0/0]\n        tls_key: ${CANARY}-garden`)}variables:\n- name: uaa_admin\n  type: password\n  value: ${CANARY}-var\n`;
    expect(text.split(CANARY).length - 1).toBe(5);
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((k) => vi.spyOn(console, k).mockImplementation((...a: unknown[]) => void logged.push(a.map(String).join(" "))));
    try {
      const m = await uploadManifest(post(text), F, "tester");
      expect(JSON.stringify(m)).not.toContain(CANARY);
      expect(JSON.stringify(await uploadManifest(post(text), F, "tester"))).not.toContain(CANARY);
      expect(JSON.stringify(await getReadiness(VIEWER, F))).not.toContain(CANARY);
      for (const id of ["cc-privileged-containers-off"] as const) {
        expect((await getOpsFile(VIEWER, F, id)).yaml).not.toContain(CANARY);
        expect(await getOpsFilePreview(VIEWER, F, id)).not.toContain(CANARY);
      }
      // a rejected manifest carrying the secret: the 422 names the line, never its content
      await expect(uploadManifest(post(`${text}\nbad: [${CANARY}`), F, "tester")).rejects.toSatisfy((e) => !String((e as Error).message).includes(CANARY));
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(logged.join("\n")).toContain("[manifest]");
    expect(logged.join("\n")).not.toContain(CANARY);
    for (const file of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      const full = path.join(dir, file);
      if (statSync(full).isFile()) expect(readFileSync(full).includes(CANARY), file).toBe(false);
    }
  });
});
