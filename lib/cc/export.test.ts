import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_CC_APPS_PATH } from "@/lib/testing/manifests";
import { CcExportError, parseCcExport } from "./export";

const PAGE1 = readFileSync(SAMPLE_CC_APPS_PATH, "utf8");
const CHECKOUT = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
/** Page 2 of the sample's listing (cf-domain.md §6.3 says it holds checkout-api). */
function page2(state = "STARTED"): string {
  const p = JSON.parse(PAGE1);
  p.pagination = { ...p.pagination, next: null, previous: { href: p.pagination.first.href } };
  p.resources = [{ ...p.resources[0], guid: CHECKOUT, name: "checkout-api", state }];
  return JSON.stringify(p);
}

describe("Cloud Controller export", () => {
  it("reads the sample page: names, states, spaces and orgs", () => {
    const x = parseCcExport(PAGE1);
    expect(x.pages).toBe(1);
    expect(x.apps).toEqual([
      { guid: "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f", name: "legacy-sftp-sync", state: "STARTED", spaceGuid: "0b9e7c44-3a2d-4c1e-b6a5-5d8f1e2a7c30" },
      { guid: "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d", name: "old-reporting", state: "STARTED", spaceGuid: "2f3e4d5c-6b7a-4981-a0b1-c2d3e4f5a6b7" },
    ]);
    expect(x.spaces).toContainEqual({ guid: "2f3e4d5c-6b7a-4981-a0b1-c2d3e4f5a6b7", name: "reports", orgGuid: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c" });
    expect(x.orgs).toContainEqual({ guid: "5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", name: "acme-legacy" });
  });

  it("page 1 of 2 alone: nothing can be called deleted, and a warning says to fetch every page", () => {
    const x = parseCcExport(PAGE1);
    expect(x.listsEveryApp).toBe(false);
    expect(x.absentGuids).toEqual([]);
    expect(x.warnings.join()).toMatch(/only 1 of 2 pages/);
  });

  it.each([
    ["concatenated objects", () => `${PAGE1}\n${page2()}\n`],
    ["an array of pages", () => `[${PAGE1},${page2()}]`],
  ])("reads %s; with every page of a guids= query, the guids CC did not return are absent", (_what, body) => {
    const x = parseCcExport(body());
    expect(x.pages).toBe(2);
    expect(x.apps.map((a) => a.name)).toEqual(["legacy-sftp-sync", "old-reporting", "checkout-api"]);
    expect(x.warnings).toEqual([]);
    expect(x.absentGuids).toEqual([]);
    const without = JSON.parse(page2());
    without.resources = [];
    expect(parseCcExport(`${PAGE1}${JSON.stringify(without)}`).absentGuids).toEqual([CHECKOUT]);
  });

  it("an unfiltered listing with all its pages lists every app", () => {
    const p = JSON.parse(PAGE1);
    p.pagination = { total_results: 2, total_pages: 1, first: { href: "https://api.sys.example.com/v3/apps?include=space.organization&page=1&per_page=5000" }, next: null, previous: null };
    expect(parseCcExport(JSON.stringify(p)).listsEveryApp).toBe(true);
  });

  it("a STOPPED state is kept", () => {
    expect(parseCcExport(`${PAGE1}${page2("STOPPED")}`).apps.find((a) => a.guid === CHECKOUT)?.state).toBe("STOPPED");
  });

  it.each([
    ["not JSON", "hello", /unexpected text at character 1/],
    ["cut off", PAGE1.slice(0, 500), /cut off/],
    ["a CC error", '{"errors":[{"code":10002,"title":"CF-NotAuthenticated"}]}', /error response/],
    ["another listing", '{"pagination":{},"items":[]}', /no `resources`/],
    ["empty", "  \n", /empty/],
  ])("rejects %s with the reason, never quoting it", (_w, text, reason) => {
    expect(() => parseCcExport(text)).toThrow(CcExportError);
    expect(() => parseCcExport(text)).toThrow(reason);
  });
});
