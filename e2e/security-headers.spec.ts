import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./server-files";
import { emptyStats, generateDumpLines } from "../scripts/gen-dump.mjs";
import { appNames, LEGACY_GUID, SAMPLE_PATH, sample, seed, watch } from "./helpers";

const F = "headers-e2e";

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: ADMIN_STATE });
  await seed(request, F, sample(), "2026-11-20T08:00:00Z");
  await request.dispose();
});

type Headers = Record<string, string>;

function expectCommon(h: Headers, what: string) {
  expect(h["x-content-type-options"], what).toBe("nosniff");
  expect(h["referrer-policy"], what).toBe("no-referrer");
  expect(h["content-security-policy"], what).toContain("frame-ancestors 'none'");
}

function pageNonce(h: Headers, what: string): string {
  expectCommon(h, what);
  const csp = h["content-security-policy"];
  expect(csp, what).not.toContain("unsafe-inline");
  const m = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'/.exec(csp);
  expect(m, `${what}: ${csp}`).not.toBeNull();
  return m![1];
}

test("pages, API answers and errors all carry the security headers", async ({ request }) => {
  // a page: a fresh nonce per request, and every script in the HTML carries it
  const first = await request.get("/");
  const nonce = pageNonce(first.headers(), "/");
  expect(pageNonce((await request.get("/")).headers(), "/ again")).not.toBe(nonce);
  const scripts = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  // the not-found page of a foundation that does not exist, and of a path that matches no route
  for (const url of [`/foundations/no-such-foundation`, "/no/such/page"]) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(404);
    pageNonce(res.headers(), url);
  }

  // API answers: JSON, an API 404, a 422 rejection and a path that matches no route
  const api = [
    { url: "/api/foundations", status: 200 },
    { url: `/api/foundations/${F}/apps`, status: 200 },
    { url: "/api/foundations/no-such-foundation/apps", status: 404 },
    { url: "/api/no/such/route", status: 404 },
  ];
  for (const { url, status } of api) {
    const res = await request.get(url);
    expect(res.status(), url).toBe(status);
    expectCommon(res.headers(), url);
    expect(res.headers()["content-security-policy"], url).toBe("default-src 'none'; frame-ancestors 'none'");
  }
  const rejected = await request.post(`/api/foundations/${F}-bad/snapshots`, { data: Buffer.from('{"process_guid": oops}\n') });
  expect(rejected.status()).toBe(422);
  expectCommon(rejected.headers(), "422");
});

test("under the Content-Security-Policy every page hydrates and works, with no violation and no console error", async ({ page }) => {
  const w = await watch(page);

  await page.goto("/");
  await page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: F, exact: true }) }).getByRole("link", { name: F }).click();
  await expect(page).toHaveURL(`/foundations/${F}`);
  expect(await w.problems()).toEqual([]);

  // the app table is TanStack Query + Table: sorting by a header needs hydrated React
  await page.goto(`/foundations/${F}/apps`);
  await expect(appNames(page)).toHaveCount(3);
  await page.getByRole("button", { name: /^Instances/ }).click();
  await expect(page).toHaveURL(/sort=instances/);
  await expect(page.getByRole("columnheader", { name: /^Instances/ })).toHaveAttribute("aria-sort", "descending");
  expect(await w.problems()).toEqual([]);

  await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("legacy-sftp-sync");
  await page.getByRole("button", { name: /^Copy: cf target/ }).first().click();
  await expect(page.getByRole("button", { name: /^Copy: cf target/ }).first()).not.toHaveText("Copy");
  expect(await w.problems()).toEqual([]);

  // the upload form reports progress from XMLHttpRequest
  await page.goto("/upload");
  await page.getByLabel("Foundation name").fill(`${F}-upload`);
  await page.getByLabel("Dump file").setInputFiles(SAMPLE_PATH);
  await page.getByRole("button", { name: "Upload snapshot" }).click();
  await expect(page.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("value", "100");
  await expect(page.getByRole("status", { name: "Upload result" })).toContainText("New snapshot #");
  expect(await w.problems()).toEqual([]);

  // the not-found page is rendered per request too, so its scripts run (the browser logs the 404 itself)
  await page.goto("/foundations/no-such-foundation");
  await page.getByRole("link", { name: "Upload a dump" }).click();
  await expect(page).toHaveURL("/upload");
  expect((await w.problems()).filter((p) => !p.includes("404"))).toEqual([]);
});

test("an upload larger than the 10 MB a proxy would buffer arrives whole: the proxy never sees /api", async ({ request }) => {
  const stats = emptyStats();
  const lines: string[] = [];
  let bytes = 0;
  for (const line of generateDumpLines({ lrps: 20_000, seed: 6, stats })) {
    lines.push(line);
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > 12 * 1024 * 1024) break;
  }
  expect(bytes).toBeGreaterThan(12 * 1024 * 1024);
  const res = await request.post(`/api/foundations/${F}-large/snapshots`, { data: Buffer.from(lines.join("\n") + "\n"), timeout: 120_000 });
  expect(res.status(), await res.text()).toBe(201);
  expect(((await res.json()) as { snapshot: { lrps: number } }).snapshot.lrps).toBe(lines.length);
});
