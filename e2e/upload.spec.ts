import { expect, test } from "@playwright/test";
import { appNames, SAMPLE_PATH, sample, sampleLines, seed, snapshotRows, stat } from "./helpers";

test("uploading the sample through the page shows progress, a summary, and the foundation's orgs", async ({ page }) => {
  const F = "upload-e2e";
  await page.goto("/upload");

  // the name is checked before anything is sent
  await page.getByLabel("Foundation name").fill("Prod East");
  await page.getByLabel("Dump file").setInputFiles(SAMPLE_PATH);
  await page.getByRole("button", { name: "Upload snapshot" }).click();
  await expect(page.getByText("this name has upper-case letters and spaces")).toBeVisible();
  await expect(page.getByLabel("Foundation name")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("progressbar")).toHaveCount(0);

  await page.getByLabel("Foundation name").fill(F);
  await page.getByRole("button", { name: "Upload snapshot" }).click();
  await expect(page.getByRole("progressbar", { name: "Upload progress" })).toBeVisible();

  const result = page.getByRole("status", { name: "Upload result" });
  await expect(result).toContainText("New snapshot #");
  await expect(result).toContainText("2 privileged apps of 3 apps, 3 privileged containers");
  await expect(result).toContainText("no name in metric_tags"); // the dump's warning
  await expect(page.getByRole("progressbar", { name: "Upload progress" })).toHaveAttribute("value", "100");
  await expect(page.getByText(/100 %/).first()).toBeVisible();

  await result.getByRole("link", { name: `Open foundation ${F}` }).click();
  await expect(page).toHaveURL(`/foundations/${F}`);
  await expect(stat(page, "Privileged apps")).toHaveText("2");
  const org = page.locator("li[data-org='acme-prod']");
  await expect(org).toContainText("1 of 2 privileged");
  const space = page.getByRole("list", { name: "Spaces of acme-prod" }).getByRole("listitem");
  await expect(space).toHaveCount(1);
  await expect(space).toContainText("payments");
  await expect(space).toContainText("1 of 2 privileged");
  await expect(snapshotRows(page)).toHaveCount(1);

  // the org links to the app table filtered by it
  await space.getByRole("link", { name: "privileged →" }).click();
  await expect(page).toHaveURL(/\/apps\?org=[0-9a-f-]+&space=[0-9a-f-]+&privileged=true/);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);
});

test("an identical re-upload through the page is recorded as observed again, not as a new snapshot", async ({ page, request }) => {
  const F = "upload-dup-e2e";
  const first = await seed(request, F, sample(), "2026-11-20T08:00:00Z");

  // the foundation page's link prefills the name
  await page.goto(`/upload?foundation=${F}`);
  await expect(page.getByLabel("Foundation name")).toHaveValue(F);
  await page.getByLabel("Dump file").setInputFiles(SAMPLE_PATH);
  await page.getByLabel(/Captured at/).fill("2026-11-21T09:30");
  await expect(page.getByText(/Sent as 2026-11-2\dT\d\d:30:00Z/)).toBeVisible();
  await page.getByRole("button", { name: "Upload snapshot" }).click();

  const result = page.getByRole("status", { name: "Upload result" });
  await expect(result).toContainText(`Identical to snapshot #${first.snapshot.id} — recorded as observed again`);
  await expect(result).toContainText("Observed: 2 times");

  await page.goto(`/foundations/${F}`);
  await expect(snapshotRows(page)).toHaveCount(1);
  await expect(snapshotRows(page).first()).toContainText("2×");
});

test("a malformed upload shows the line in an alert and changes nothing", async ({ page, request }) => {
  const F = "upload-bad-e2e";
  await seed(request, F, sample(), "2026-11-20T08:00:00Z");
  const lines = sampleLines();
  const bad = Buffer.from([lines[0], '{"process_guid": oops}', lines[2]].join("\n") + "\n");

  await page.goto(`/foundations/${F}`);
  await expect(stat(page, "Privileged apps")).toHaveText("2");
  await expect(snapshotRows(page)).toHaveCount(1);

  // the upload panel of the foundation page
  await page.getByLabel("Dump file").setInputFiles({ name: "lrps.ndjson", mimeType: "application/x-ndjson", buffer: bad });
  await page.getByRole("button", { name: "Upload snapshot" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Upload rejected" });
  await expect(alert).toContainText("Line 2");
  await expect(alert).toContainText("HTTP 422");
  await expect(alert).toContainText("Nothing was recorded");
  await expect(page.getByRole("status", { name: "Upload result" })).toHaveCount(0);

  await page.reload();
  await expect(stat(page, "Privileged apps")).toHaveText("2");
  await expect(stat(page, "Privileged containers")).toHaveText("3");
  await expect(stat(page, "Apps")).toHaveText("3");
  await expect(snapshotRows(page)).toHaveCount(1);
  await expect(snapshotRows(page).first()).toContainText("1×");

  // a rejected first upload does not create the foundation either
  await page.goto("/upload");
  await page.getByLabel("Foundation name").fill("upload-never-e2e");
  await page.getByLabel("Dump file").setInputFiles({ name: "lrps.ndjson", mimeType: "application/x-ndjson", buffer: bad });
  await page.getByRole("button", { name: "Upload snapshot" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Upload rejected" })).toContainText("Line 2");
  const res = await page.goto("/foundations/upload-never-e2e");
  expect(res?.status()).toBe(404);
});
