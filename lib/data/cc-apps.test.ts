import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appListQuery } from "@/lib/schemas/app";
import { SAMPLE_CC_APPS_PATH } from "@/lib/testing/manifests";
import { sampleDump } from "@/lib/testing/samples";
import { ADMIN, VIEWER } from "@/lib/testing/actors";
import { migrate } from "../../scripts/migrate.mjs";
import { ingestLines } from "@/lib/testing/ingest";

// The Cloud Controller export against a real SQLite file, seeded by real ingests of the sample dump.
const dir = mkdtempSync(path.join(tmpdir(), "rr-cc-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const { uploadCcExport, ccApps } = await import("./cc-apps");
const { listApps, getApp } = await import("./apps");

const F = "prod-cc";
const [SFTP, CHECKOUT, LEGACY] = sampleDump().toString("utf8").trim().split("\n");
const SFTP_APP = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
const CHECKOUT_APP = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
const LEGACY_APP = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
const PAGE1 = JSON.parse(readFileSync(SAMPLE_CC_APPS_PATH, "utf8"));

const upload = (lines: string[], at: string) => ingestLines(F, lines, at);
const post = (body: string) => new Request("http://x/api", { method: "POST", body });
/** Page 2 of the sample's listing, holding checkout-api in the given state (or nothing). */
function page2(state: "STARTED" | "STOPPED" | null) {
  return {
    ...PAGE1,
    pagination: { ...PAGE1.pagination, next: null, previous: { href: PAGE1.pagination.first.href } },
    resources: state ? [{ ...PAGE1.resources[0], guid: CHECKOUT_APP, name: "checkout-api", state }] : [],
  };
}
const names = async () => Object.fromEntries((await listApps(VIEWER, F, appListQuery.parse({}))).items.map((i) => [i.guid, [i.name, i.org.name, i.space.name]]));

beforeAll(async () => {
  migrate({ log: () => {} });
  await upload([SFTP, CHECKOUT, LEGACY], "2026-11-01T00:00:00Z");
  await upload([SFTP, LEGACY], "2026-11-02T00:00:00Z");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Cloud Controller export", () => {
  it("names the app, space and org that the LRPs left unnamed", async () => {
    expect((await names())[LEGACY_APP]).toEqual([LEGACY_APP, "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", "2f3e4d5c-6b7a-4981-a0b1-c2d3e4f5a6b7"]);
    const out = await uploadCcExport(post(JSON.stringify(PAGE1)), F, ADMIN);
    expect(out.named.apps).toBe(1);
    expect(out.warnings.join()).toMatch(/only 1 of 2 pages/);
    expect((await names())[LEGACY_APP]).toEqual(["old-reporting", "acme-legacy", "reports"]);
    // page 1 alone cannot tell what happened to checkout-api
    expect(out.absent).toEqual([{ guid: CHECKOUT_APP, name: "checkout-api", reason: "unknown" }]);
  });

  it("an app absent from the latest dump and STOPPED in CC shows as stopped", async () => {
    const out = await uploadCcExport(post(`${JSON.stringify(PAGE1)}\n${JSON.stringify(page2("STOPPED"))}`), F, ADMIN);
    expect(out.absent).toEqual([{ guid: CHECKOUT_APP, name: "checkout-api", reason: "stopped" }]);
    expect(out.orphaned).toEqual([]);
  });

  it("an app absent from the dump and not in a complete export is deleted", async () => {
    const out = await uploadCcExport(post(JSON.stringify([PAGE1, page2(null)])), F, ADMIN);
    expect(out.absent).toEqual([{ guid: CHECKOUT_APP, name: "checkout-api", reason: "deleted" }]);
  });

  it("an app in the dump that a complete listing does not know is an orphaned LRP, listed and kept", async () => {
    const all = { ...PAGE1, pagination: { total_results: 1, total_pages: 1, first: { href: "https://api.sys.example.com/v3/apps?include=space.organization&page=1&per_page=5000" }, next: null, previous: null }, resources: [PAGE1.resources[1]] };
    const out = await uploadCcExport(post(JSON.stringify(all)), F, ADMIN);
    expect(out.orphaned).toEqual([{ guid: SFTP_APP, name: "legacy-sftp-sync" }]);
    expect(out.absent.find((a) => a.guid === CHECKOUT_APP)?.reason).toBe("deleted");
    expect((await getApp(F, SFTP_APP, ADMIN)).guid).toBe(SFTP_APP);
    expect((await ccApps(VIEWER, F)).orphanedTotal).toBe(1);
  });

  it("a CC name overrides LRP names, also in later dumps", async () => {
    const renamed = { ...PAGE1, resources: [{ ...PAGE1.resources[0], name: "sftp-sync-v2" }] };
    await uploadCcExport(post(JSON.stringify(renamed)), F, ADMIN);
    expect((await names())[SFTP_APP][0]).toBe("sftp-sync-v2");
    await upload([SFTP.replace('"annotation":"1718031234.567891"', '"annotation":"1900000000.0"'), LEGACY], "2026-11-03T00:00:00Z");
    expect((await names())[SFTP_APP][0]).toBe("sftp-sync-v2");
  });

  it("rejects what is not a cf curl /v3/apps page with 422", async () => {
    await expect(uploadCcExport(post('{"resources": 1}'), F, ADMIN)).rejects.toMatchObject({ status: 422 });
  });
});
