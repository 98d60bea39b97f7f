import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations as expectAccessible, LEGACY_GUID, rowsOf, sampleLines, seed, UNNAMED_GUID, watch } from "./helpers";

// The burndown as a manager reads it, after three uploads and a test push recorded between the last two.

const F = "progress-e2e";
const DAY = 86_400_000;
const dump = (lines: string[]) => Buffer.from(lines.join("\n") + "\n");
/** The same LRP restaged without privilege: a new process guid version, `privileged` false. */
const unprivileged = (line: string) =>
  line.replace('"privileged":true', '"privileged":false').replace(/("process_guid":"[0-9a-f-]{36})-[0-9a-f-]{36}/, "$1-ffffffff-0000-4000-8000-000000000001");

test("three uploads and a test push between the last two: three points with the right counts, and the target date an admin sets", async ({ page, request }) => {
  const lines = sampleLines();
  const now = Date.now();
  await seed(request, F, dump(lines), new Date(now - 3 * DAY).toISOString());
  // checkout-api (never privileged) is stopped: nothing in the workflow changes
  await seed(request, F, dump(lines.filter((l) => l.includes(LEGACY_GUID) || l.includes(UNNAMED_GUID))), new Date(now - 2 * DAY).toISOString());
  const started = await request.post(`/api/foundations/${F}/apps/${UNNAMED_GUID}/events`, {
    data: { action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "legacy-test" },
  });
  expect(started.status(), await started.text()).toBe(200);
  // legacy-sftp-sync restaged without privilege; captured now, after the test push
  await seed(request, F, dump(lines.map((l) => (l.includes(LEGACY_GUID) ? unprivileged(l) : l))));

  const api = (await (await request.get(`/api/foundations/${F}/progress`)).json()) as { points: { privilegedApps: number; statuses: Record<string, number> }[] };
  expect(api.points.map((p) => [p.privilegedApps, p.statuses.untriaged, p.statuses.testing, p.statuses.migrated])).toEqual([
    [2, 2, 0, 0],
    [2, 2, 0, 0],
    [1, 0, 1, 1],
  ]);

  const w = await watch(page);
  await page.goto(`/foundations/${F}`);
  const burndown = page.getByRole("region", { name: "Burndown", exact: true });
  const table = burndown.getByRole("table", { name: "Burndown data" });
  await expect(table.locator("tbody tr")).toHaveCount(3);
  const rows = await rowsOf(table);
  expect(rows.map((r) => [r["Privileged apps"], r["untriaged"], r["testing"], r["migrated"], r["Absent"]])).toEqual([
    ["2", "2", "0", "0", "0"],
    ["2", "2", "0", "0", "0"],
    ["1", "0", "1", "1", "0"],
  ]);
  // the chart draws in the browser, under the page's CSP
  await expect(burndown.locator("svg.recharts-surface").first()).toBeVisible();
  await expect(burndown).toContainText("No target date");
  await expectAccessible(page);

  await burndown.getByLabel("Target date").fill("2026-01-15");
  await burndown.getByRole("button", { name: "Set target" }).click();
  await expect(burndown).toContainText("Target date: 2026-01-15");
  await expect(burndown.getByText("Overdue", { exact: true })).toBeVisible();
  // the chart's target line, labelled on the chart itself
  await expect(burndown.locator("svg text", { hasText: "target 2026-01-15" })).toHaveCount(1);
  expect(await w.problems()).toEqual([]);

  await page.goto("/");
  const fleet = page.getByRole("region", { name: "Fleet burndown", exact: true });
  await expect(fleet.getByRole("table", { name: "Burndown data" }).locator("tbody tr").first()).toBeVisible();
  const row = page.getByRole("table", { name: "Targets and pace per foundation" }).getByRole("row").filter({ has: page.getByRole("rowheader", { name: F, exact: true }) });
  await expect(row).toContainText("2026-01-15");
  await expect(row).toContainText("Overdue");
  // the foundations table above is not this feature's (its snapshot count's contrast is reported apart)
  await expectAccessible(page, "#fleet-progress");
  expect(await w.problems()).toEqual([]);

  const audit = await request.get(`/api/admin/audit?action=foundation.target`);
  expect(audit.status()).toBe(200);
  expect(JSON.stringify(await audit.json())).toContain(F);
});

test("a long history: the data table shows the latest month, and its links reach every point from the keyboard", async ({ page, request }) => {
  const long = `${F}-long`;
  const days = 35;
  const start = Date.now() - days * DAY;
  // one app's line, scaled each day: the uploads stay quick and differ (the same bytes twice are one snapshot)
  const lines = sampleLines().filter((l) => l.includes(LEGACY_GUID));
  for (let d = 0; d < days; d++) {
    const scaled = lines.map((l) => l.replace('"instances":2,', `"instances":${d + 1},`));
    await seed(request, long, dump(scaled), new Date(start + d * DAY).toISOString());
  }
  const api = (await (await request.get(`/api/foundations/${long}/progress`)).json()) as { points: { capturedAt: string }[] };
  expect(api.points).toHaveLength(days);

  const w = await watch(page);
  await page.goto(`/foundations/${long}`);
  const burndown = page.getByRole("region", { name: "Burndown", exact: true });
  const table = burndown.getByRole("table", { name: "Burndown data" });
  const shownTimes = () => table.locator("tbody time").evaluateAll((ts) => ts.map((t) => t.getAttribute("datetime")));
  await expect(table).toHaveAccessibleName("Burndown data: points 6–35 of 35 (the latest), oldest first");
  expect(await shownTimes()).toEqual(api.points.slice(5).map((p) => p.capturedAt));
  await expectAccessible(page);

  // from the keyboard: the link to the earlier points, then Enter
  const pages = burndown.getByRole("navigation", { name: "Burndown data pages" });
  await pages.getByRole("link", { name: "Earlier points", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/burndownPage=2/);
  await expect(table).toHaveAccessibleName("Burndown data: points 1–5 of 35 (the first), oldest first");
  expect(await shownTimes()).toEqual(api.points.slice(0, 5).map((p) => p.capturedAt));
  await expect(pages.getByRole("link", { name: "Earlier points", exact: true })).toHaveCount(0);
  await expectAccessible(page);
  await pages.getByRole("link", { name: "Latest points", exact: true }).click();
  await expect(table).toHaveAccessibleName(/of 35 \(the latest\)/);

  // the fleet's burndown pages the same way, keeping the rest of the fleet page's query
  await page.goto("/?orgSearch=zz");
  const fleet = page.getByRole("region", { name: "Fleet burndown", exact: true });
  await fleet.getByRole("navigation", { name: "Fleet burndown data pages" }).getByRole("link", { name: "Oldest points", exact: true }).click();
  await expect(page).toHaveURL(/orgSearch=zz.*burndownPage=\d+/);
  await expect(fleet.getByRole("table", { name: "Burndown data" })).toHaveAccessibleName(/\(the first\)/);
  await expectAccessible(page, "#fleet-progress");
  expect(await w.problems()).toEqual([]);
});

test("a target date is a day of the calendar; null clears it", async ({ request }) => {
  await seed(request, `${F}-target`, dump(sampleLines()), "2026-11-20T08:00:00Z");
  const bad = await request.put(`/api/foundations/${F}-target/target`, { data: { targetDate: "2026-02-30" } });
  expect(bad.status()).toBe(400);
  const cleared = await request.put(`/api/foundations/${F}-target/target`, { data: { targetDate: null } });
  expect(await cleared.json()).toEqual({ targetDate: null });
});
