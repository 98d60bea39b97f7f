import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./server-files";
import { appNames, LEGACY_GUID, sample, sampleLines, seed, UNNAMED_GUID } from "./helpers";

const F = "browse-e2e";
/** A foundation of its own for the history test, which adds a second snapshot. */
const F_HISTORY = "browse-history-e2e";

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: ADMIN_STATE });
  await seed(request, F, sample(), "2026-11-20T08:00:00Z");
  await request.dispose();
});

test("the fleet overview lists the foundation with its privileged count", async ({ page }) => {
  await page.goto("/");
  const row = page.getByRole("table", { name: "Foundations", exact: true }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: F, exact: true }) });
  await expect(row).toBeVisible();
  // columns after the name: privileged apps, bar, privileged containers, apps
  await expect(row.getByRole("cell").nth(0)).toHaveText("2");
  await expect(row).toContainText("2 of 3 privileged");
  await expect(row.getByRole("cell").nth(2)).toHaveText("3");
  await expect(row.getByRole("cell").nth(3)).toHaveText("3");
  await expect(row.locator("time")).toHaveAttribute("title", /2026-11-20T08:00:00Z/);

  await row.getByRole("link", { name: F }).click();
  await expect(page).toHaveURL(`/foundations/${F}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F);
});

test("the app table shows exactly the rows the URL's filters select", async ({ page }) => {
  const cases: [string, string[]][] = [
    ["", [UNNAMED_GUID, "checkout-api", "legacy-sftp-sync"]],
    ["privileged=true", [UNNAMED_GUID, "legacy-sftp-sync"]],
    ["privileged=false", ["checkout-api"]],
    ["q=sftp", ["legacy-sftp-sync"]],
    ["segment=persistent_isolation_segment", ["legacy-sftp-sync"]],
    ["segment=shared", [UNNAMED_GUID, "checkout-api"]],
    ["org=acme-prod&space=payments", ["checkout-api", "legacy-sftp-sync"]],
    ["risk=true", ["legacy-sftp-sync"]],
  ];
  for (const [qs, expected] of cases) {
    await page.goto(`/foundations/${F}/apps${qs ? `?${qs}` : ""}`);
    await expect(appNames(page), qs).toHaveText(expected);
    // the count itself, not a longer number that ends in it ("1 app" is inside "11 apps")
    await expect(page.getByText(new RegExp(`(^|\\D)${expected.length} app${expected.length === 1 ? "" : "s"}\\b`)).first(), qs).toBeVisible();
  }

  // the controls show the URL's filters
  await page.goto(`/foundations/${F}/apps?org=acme-prod&space=payments&privileged=true`);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);
  await expect(page.getByLabel("Org")).toHaveValue("acme-prod");
  await expect(page.getByLabel("Space")).toHaveValue("payments");
  await expect(page.getByLabel("Privileged", { exact: true })).toHaveValue("true");

  // a row shows its details: segment, status, processes, risks
  const row = page.getByRole("table", { name: "Apps" }).locator("tbody tr").first();
  await expect(row).toContainText("persistent_isolation_segment");
  await expect(row).toContainText("untriaged");
  await expect(row).toContainText("web ×2");
  await expect(row).toContainText("mount");
});

test("a filter the server rejects shows its message and a way back", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps?status=bogus`);
  const alert = page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await expect(alert).toContainText("status");
  await alert.getByRole("link", { name: "Clear filters" }).click();
  await expect(appNames(page)).toHaveCount(3);
});

test("changing a filter control updates the URL, and clearing brings every app back", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps`);
  await expect(appNames(page)).toHaveCount(3);

  await page.getByLabel("Privileged", { exact: true }).selectOption("true");
  await expect(page).toHaveURL(/[?&]privileged=true(&|$)/);
  await expect(appNames(page)).toHaveText([UNNAMED_GUID, "legacy-sftp-sync"]);

  await page.getByLabel("Search").fill("checkout");
  await expect(page).toHaveURL(/[?&]q=checkout(&|$)/);
  await expect(page.getByText("No apps match these filters")).toBeVisible();
  await expect(appNames(page)).toHaveCount(0);

  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/foundations/${F}/apps$`));
  await expect(appNames(page)).toHaveCount(3);
  await expect(page.getByLabel("Search")).toHaveValue("");

  await page.getByLabel("Org").fill("acme-prod");
  await expect(page).toHaveURL(/[?&]org=acme-prod(&|$)/);
  await expect(appNames(page)).toHaveText(["checkout-api", "legacy-sftp-sync"]);
  await page.getByLabel("Only apps with risk hints").check();
  await expect(page).toHaveURL(/[?&]risk=true(&|$)/);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);

  // the URL is the state: reloading it gives the same view
  await page.reload();
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);
  await expect(page.getByLabel("Only apps with risk hints")).toBeChecked();
});

test("sorting by a column header changes the order", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps`);
  await expect(appNames(page)).toHaveText([UNNAMED_GUID, "checkout-api", "legacy-sftp-sync"]);
  const appHeader = page.getByRole("columnheader", { name: /^App/ });
  await expect(appHeader).toHaveAttribute("aria-sort", "ascending");

  const instances = page.getByRole("button", { name: /^Instances/ });
  await instances.click();
  await expect(page).toHaveURL(/sort=instances&dir=desc/);
  await expect(page.getByRole("columnheader", { name: /^Instances/ })).toHaveAttribute("aria-sort", "descending");
  await expect(appHeader).toHaveAttribute("aria-sort", "none");
  await expect(appNames(page)).toHaveText(["checkout-api", "legacy-sftp-sync", UNNAMED_GUID]);

  await instances.click();
  await expect(page).toHaveURL(/sort=instances(&|$)/);
  await expect(page.getByRole("columnheader", { name: /^Instances/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(appNames(page)).toHaveText([UNNAMED_GUID, "legacy-sftp-sync", "checkout-api"]);

  // headers are buttons: the keyboard sorts too
  await page.getByRole("button", { name: /^App/ }).focus();
  await page.keyboard.press("Enter");
  await expect(appNames(page)).toHaveText([UNNAMED_GUID, "checkout-api", "legacy-sftp-sync"]);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/dir=desc/);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync", "checkout-api", UNNAMED_GUID]);
});

test("paginating moves through the list", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps?pageSize=2`);
  await expect(page.getByText("Page 1 of 2")).toBeVisible();
  await expect(appNames(page)).toHaveText([UNNAMED_GUID, "checkout-api"]);
  await page.getByRole("button", { name: /Next/ }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText("Page 2 of 2")).toBeVisible();
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);
  await expect(page.getByRole("button", { name: /Next/ })).toBeDisabled();
});

test("opening an app shows its LRP, risk hint and commands", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps?q=sftp`);
  await appNames(page).getByText("legacy-sftp-sync").click();
  await expect(page).toHaveURL(`/foundations/${F}/apps/${LEGACY_GUID}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("legacy-sftp-sync");

  const lrps = page.getByRole("table", { name: /desired LRPs/i });
  await expect(lrps).toContainText(`${LEGACY_GUID}-e0a1b2c3-d4e5-4f60-8a71-b2c3d4e5f607`);
  await expect(lrps).toContainText("cflinuxfs4");
  await expect(lrps).toContainText("512 MB");
  await expect(lrps).toContainText("persistent_isolation_segment");

  await expect(page.getByText("start command mentions mount")).toBeVisible();
  await expect(page.getByText("cf target -o='acme-prod' -s='payments'").first()).toBeVisible();
  await expect(page.getByText("cf restage 'legacy-sftp-sync' --strategy rolling")).toBeVisible();
  await expect(page.getByText("cf create-app 'legacy-sftp-sync-rootless-test'")).toBeVisible();

  // an unknown app is a 404 page, not an error
  const res = await page.goto(`/foundations/${F}/apps/00000000-0000-4000-8000-000000000000`);
  expect(res?.status()).toBe(404);
  await expect(page.getByText("There is no such foundation or app")).toBeVisible();
});

test("after a later snapshot without privilege, the app's history shows privileged then unprivileged and it is migrated", async ({
  page,
  request,
}) => {
  await seed(request, F_HISTORY, sample(), "2026-11-20T08:00:00Z");
  const lines = sampleLines();
  const fixed = lines[0]
    .replace('"privileged":true', '"privileged":false')
    .replaceAll(`${LEGACY_GUID}-e0a1b2c3-d4e5-4f60-8a71-b2c3d4e5f607`, `${LEGACY_GUID}-f1b2c3d4-e5f6-4a70-9b82-c3d4e5f60718`);
  expect(fixed).not.toBe(lines[0]);
  await seed(request, F_HISTORY, Buffer.from([fixed, ...lines.slice(1)].join("\n") + "\n"), "2026-11-27T08:00:00Z");

  await page.goto(`/foundations/${F_HISTORY}/apps?q=sftp`);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);
  await expect(page.getByRole("table", { name: "Apps" })).toContainText("migrated");
  await appNames(page).first().click();

  const strip = page.getByRole("list", { name: /privileged history/i }).getByRole("listitem");
  await expect(strip).toHaveCount(2);
  await expect(strip.nth(0)).toHaveAttribute("data-state", "privileged");
  await expect(strip.nth(1)).toHaveAttribute("data-state", "unprivileged");
  await expect(strip.nth(0)).toHaveAttribute("title", /2026-11-20 08:00 UTC · privileged/);
  const history = page.getByRole("table", { name: /privileged history by snapshot/i }).locator("tbody tr");
  await expect(history).toHaveText([/^#\d+\s*2026-11-20 08:00 UTC\s*privileged$/, /^#\d+\s*2026-11-27 08:00 UTC\s*unprivileged$/]);

  await expect(page.getByText("migrated", { exact: true }).first()).toBeVisible();
  const lrps = page.getByRole("table", { name: /desired LRPs/i });
  await expect(lrps).toContainText(`${LEGACY_GUID}-f1b2c3d4-e5f6-4a70-9b82-c3d4e5f60718`);
  await expect(lrps).toContainText("unprivileged");
  // the event timeline records the ingest's transition
  await expect(page.getByRole("list", { name: /events/i })).toContainText("no privileged LRP in the latest snapshot");
});
