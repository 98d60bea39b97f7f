import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./server-files";
import { appNames, sampleLines, seed, UNNAMED_GUID } from "./helpers";

const F = "readiness-e2e";
const FIXTURES = path.join(import.meta.dirname, "fixtures");
const MANIFEST = path.join(FIXTURES, "cf-manifest.yml");
const CC_PAGE = JSON.parse(readFileSync(path.join(FIXTURES, "cf-curl-v3-apps.json"), "utf8"));
const CHECKOUT_GUID = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: ADMIN_STATE });
  const [sftp, checkout, legacy] = sampleLines();
  await seed(request, F, Buffer.from(`${sftp}\n${checkout}\n${legacy}\n`), hoursAgo(3));
  // checkout-api is gone from the latest dump
  await seed(request, F, Buffer.from(`${sftp}\n${legacy}\n`), hoursAgo(1));
  await request.dispose();
});

test("upload the manifest, see the verdict and its reasons per segment, download the ops file", async ({ page }) => {
  await page.goto(`/foundations/${F}`);
  const checklist = page.getByRole("list", { name: "Readiness checklist" });
  await expect(checklist).toContainText("no BOSH manifest uploaded yet");

  await page.getByLabel("Output of bosh -d cf manifest").setInputFiles(MANIFEST);
  await page.getByRole("button", { name: "Analyse manifest" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Manifest analysed" })).toContainText("5 instance groups");

  const readiness = page.getByRole("region", { name: "Readiness" });
  await expect(readiness.locator("[data-verdict]").first()).toHaveText("blocked");
  await expect(checklist).not.toContainText("no BOSH manifest");
  await expect(checklist).toContainText("cc.diego.use_privileged_containers_for_running is true on cloud_controller_clock on instance group scheduler");
  await expect(checklist.locator("li", { hasText: "cloud_controller_clock" }).first()).toContainText("instance group scheduler · job cloud_controller_clock");
  await expect(checklist).toContainText("1 privileged app is placed on segment persistent_isolation_segment (cells: isolated-diego-cell)");

  const segments = page.getByRole("table", { name: "Readiness per isolation segment" });
  const iso = segments.locator("tr[data-segment='persistent_isolation_segment']");
  await expect(iso).toContainText("isolated-diego-cell");
  await expect(iso.locator("[data-verdict]")).toHaveText("blocked");

  const step = page.locator("[data-step='cc_flags_off']");
  await expect(step).toContainText("scheduler/cloud_controller_clock: cc.diego.use_privileged_containers_for_running = false");
  await expect(step).toContainText("bosh -d cf deploy manifest.yml -o cc-privileged-containers-off.yml");
  const [download] = await Promise.all([page.waitForEvent("download"), step.getByRole("link", { name: "Download cc-privileged-containers-off.yml" }).click()]);
  expect(download.suggestedFilename()).toBe("cc-privileged-containers-off.yml");
  const yaml = readFileSync((await download.path())!, "utf8");
  expect(yaml).toContain("path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/cc?/diego/use_privileged_containers_for_running");
  expect(yaml).toContain("value: false");

  // before downloading: the instance groups the file changes, as applying it would leave them
  const preview = step.locator("[data-preview='cc-privileged-containers-off']");
  await preview.getByText("The instance groups it changes, patched").click();
  const patched = preview.locator("pre");
  await expect(patched).toContainText("- name: scheduler");
  await expect(patched).toContainText("name: cloud_controller_clock");
  await expect(patched).toContainText("use_privileged_containers_for_running: false");
  await expect(patched).not.toContainText("true");
  const api = await page.request.get(`/api/foundations/${F}/readiness/ops-files/cc-privileged-containers-off?preview=1`);
  expect(api.status()).toBe(200);
  expect(await api.text()).toBe(await patched.textContent());

  // the same file again: no new manifest, the upload says so, and the API answers 200 with the same one
  await page.getByLabel("Output of bosh -d cf manifest").setInputFiles(MANIFEST);
  await page.getByRole("button", { name: "Analyse manifest" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Manifest analysed" })).toContainText("marked as seen now, nothing new stored");
  const again = await page.request.post(`/api/foundations/${F}/manifests`, { data: readFileSync(MANIFEST) });
  expect(again.status()).toBe(200);
  const seen = (await again.json()).manifest;
  expect(seen.findings.filter((f: { code: string }) => f.code === "cc_flag_true")).toHaveLength(4);
  expect(Date.parse(seen.lastSeenAt)).toBeGreaterThan(Date.parse(seen.uploadedAt));

  await page.goto("/");
  const fleet = page.getByRole("table", { name: "Readiness per foundation" }).locator(`tr[data-foundation='${F}']`);
  await expect(fleet.locator("td").nth(1)).toHaveText("blocked");
  await expect(fleet).toContainText("is true on cloud_controller_ng on instance group api");
});

test("a manifest that is not one is refused with the reason", async ({ page }) => {
  await page.goto(`/foundations/${F}`);
  await page.getByLabel("Output of bosh -d cf manifest").setInputFiles({ name: "lrps.ndjson", mimeType: "text/plain", buffer: Buffer.from(sampleLines()[0]) });
  await page.getByRole("button", { name: "Analyse manifest" }).click();
  await expect(page.getByRole("status").filter({ hasText: "BOSH" })).toContainText("not a BOSH manifest");
});

test("upload the cf curl pages: the unnamed app gets its name, the absent app shows as stopped", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps`);
  await expect(appNames(page)).toContainText([UNNAMED_GUID]);

  const page2 = {
    ...CC_PAGE,
    pagination: { ...CC_PAGE.pagination, next: null, previous: { href: CC_PAGE.pagination.first.href } },
    resources: [{ ...CC_PAGE.resources[0], guid: CHECKOUT_GUID, name: "checkout-api", state: "STOPPED" }],
  };
  await page.goto(`/foundations/${F}`);
  await page
    .getByLabel("cf curl /v3/apps pages (JSON)")
    .setInputFiles({ name: "cc-apps.json", mimeType: "application/json", buffer: Buffer.from(`${JSON.stringify(CC_PAGE)}\n${JSON.stringify(page2)}\n`) });
  await page.getByRole("button", { name: "Upload export" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Export read" })).toContainText("1 unnamed app named");
  const gone = page.getByRole("list", { name: "Apps gone from the latest snapshot" });
  await expect(gone.locator("li", { hasText: "checkout-api" })).toContainText("stopped");

  await page.goto(`/foundations/${F}/apps`);
  await expect(appNames(page)).toContainText(["old-reporting"]);
  await expect(appNames(page)).not.toContainText([UNNAMED_GUID]);
});

test("the upload page shows the cf curl loop over all pages and the manifest command", async ({ page }) => {
  await page.goto(`/upload?foundation=${F}`);
  const section = page.getByRole("region", { name: "Manifest and Cloud Controller export" });
  await section.getByText("Commands for the BOSH manifest and the Cloud Controller export").click();
  await expect(section).toContainText("cf curl \"$next\"");
  await expect(section).toContainText(".pagination.next.href");
  await expect(section).toContainText(`/api/foundations/${F}/cc-apps'`);
  await expect(section).toContainText("bosh -d cf manifest > manifest.yml");
});
