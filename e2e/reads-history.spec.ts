import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN_STATE } from "./server-files";
import { LEGACY_GUID, sampleLines, seed } from "./helpers";

// A year of daily snapshots of one foundation: legacy-sftp-sync runs privileged for 100 days, unprivileged for
// 100, is absent for 50 and privileged again for 115. Another app scales every day, so each dump differs.
const F = "reads-history-e2e";
const DAYS = 365;
const DAY_MS = 24 * 3600 * 1000;
const start = Date.UTC(2025, 0, 1, 8);
const at = (day: number) => new Date(start + day * DAY_MS).toISOString();

function dumpOf(day: number): Buffer {
  const [legacy, checkout, unnamed] = sampleLines() as [string, string, string];
  const scaled = checkout.replace(/"instances":\d+/, `"instances":${day + 1}`);
  const unprivileged = legacy
    .replace('"privileged":true', '"privileged":false')
    .replaceAll(`${LEGACY_GUID}-e0a1b2c3-d4e5-4f60-8a71-b2c3d4e5f607`, `${LEGACY_GUID}-f1b2c3d4-e5f6-4a70-9b82-c3d4e5f60718`);
  const app = day < 100 ? [legacy] : day < 200 ? [unprivileged] : day < 250 ? [] : [legacy];
  return Buffer.from([...app, scaled, unnamed].join("\n") + "\n");
}

test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(300_000);
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: ADMIN_STATE });
  for (let day = 0; day < DAYS; day++) await seed(request, F, dumpOf(day), at(day));
  await request.dispose();
});

test("a year of history is four bands, each saying its dates and state, as wide as its share of the year", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
  const strip = page.getByRole("list", { name: /privileged history/i });
  const bands = strip.getByRole("listitem");
  await expect(bands).toHaveCount(4);
  await expect(bands).toHaveText([
    "2025-01-01 08:00 UTC – 2025-04-10 08:00 UTC · privileged · 100 snapshots",
    "2025-04-11 08:00 UTC – 2025-07-19 08:00 UTC · unprivileged · 100 snapshots",
    "2025-07-20 08:00 UTC – 2025-09-07 08:00 UTC · absent · 50 snapshots",
    "2025-09-08 08:00 UTC – 2025-12-31 08:00 UTC · privileged · 115 snapshots",
  ]);
  for (const [i, state] of ["privileged", "unprivileged", "absent", "privileged"].entries()) await expect(bands.nth(i)).toHaveAttribute("data-state", state);

  // drawn: one band per run, as wide as its share of the snapshots
  const drawing = page.getByRole("region", { name: "Privileged history" }).locator("svg");
  const drawn = drawing.locator("rect");
  await expect(drawn).toHaveCount(4);
  const width = (await drawing.boundingBox())!.width;
  for (const [i, [state, snapshots]] of ([["privileged", 100], ["unprivileged", 100], ["absent", 50], ["privileged", 115]] as const).entries()) {
    await expect(drawn.nth(i)).toHaveAttribute("data-state", state);
    const band = (await drawn.nth(i).boundingBox())!.width;
    expect(Math.abs(band - (width * snapshots) / DAYS), `band ${i}`).toBeLessThan(3);
  }

  expect(consoleErrors).toEqual([]);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});
