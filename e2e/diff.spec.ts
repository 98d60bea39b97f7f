import { expect, test } from "@playwright/test";
import { appNames, expectNoSeriousA11yViolations, LEGACY_GUID, sampleLines, seed, snapshotRows, UNNAMED_GUID } from "./helpers";

/**
 * Three uploads of the sample: legacy-sftp-sync runs unprivileged in the second (fixed, so migrated) and privileged
 * again in the third (a regression); the unnamed privileged legacy app is gone from the third.
 */
const F = "diff-e2e";
const dump = (lines: string[]) => Buffer.from(lines.join("\n") + "\n");

test("the snapshot diff lists fixed and regressed apps, and time travel shows the first snapshot's privileged apps", async ({ page, request }) => {
  const [sftp, checkout, unnamed] = sampleLines() as [string, string, string];
  const first = await seed(request, F, dump([sftp, checkout, unnamed]), "2026-10-01T08:00:00Z");
  const second = await seed(request, F, dump([sftp.replace('"privileged":true', '"privileged":false'), checkout, unnamed]), "2026-10-02T08:00:00Z");
  const third = await seed(request, F, dump([sftp, checkout]), "2026-10-03T08:00:00Z");

  // the latest snapshot's row in the history leads to its diff: the regression comes first
  await page.goto(`/foundations/${F}`);
  await snapshotRows(page).first().getByRole("link", { name: `#${third.snapshot.id}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Snapshot #${third.snapshot.id}`);
  const sections = page.locator("section h2");
  await expect(sections.first()).toHaveText("Regressed (1)");
  await expect(page.getByRole("table", { name: "Regressed apps" }).getByRole("link", { name: "legacy-sftp-sync" })).toHaveAttribute("href", `/foundations/${F}/apps/${LEGACY_GUID}`);
  await expect(page.getByRole("table", { name: "Absent apps" }).getByRole("link", { name: UNNAMED_GUID })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Fixed (0)" })).toBeVisible();
  await expect(page.getByText("No app stopped running privileged.")).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // the diff before it, reached from this one: the fix
  await page.getByRole("link", { name: `snapshot #${second.snapshot.id}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Snapshot #${second.snapshot.id}`);
  await expect(page.getByRole("table", { name: "Fixed apps" }).getByRole("link", { name: "legacy-sftp-sync" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Regressed (0)" })).toBeVisible();

  // the API answers the same lists; an unknown snapshot is a 404 that does not echo the id
  const api = await request.get(`/api/foundations/${F}/snapshots/${third.snapshot.id}/diff`);
  expect(await api.json()).toMatchObject({
    previous: { id: second.snapshot.id },
    regressed: [{ guid: LEGACY_GUID }],
    newlyPrivileged: [{ guid: LEGACY_GUID }],
    absent: [{ guid: UNNAMED_GUID }],
    fixed: [],
    added: [],
  });
  const missing = await request.get(`/api/foundations/${F}/snapshots/987654/diff`);
  expect(missing.status()).toBe(404);
  expect(await missing.text()).not.toContain("987654");

  // time travel: the first snapshot's privileged apps, under a banner, and back to the latest
  await page.goto(`/foundations/${F}/apps?privileged=true&snapshot=${first.snapshot.id}`);
  const banner = page.getByRole("note", { name: "Historical view" });
  await expect(banner).toContainText(`snapshot #${first.snapshot.id}`);
  await expect(banner).toContainText("2026-10-01");
  await expect(appNames(page)).toHaveText([UNNAMED_GUID, "legacy-sftp-sync"]);
  await expectNoSeriousA11yViolations(page);
  await banner.getByRole("link", { name: "back to latest" }).click();
  await expect(page).toHaveURL(`/foundations/${F}/apps?privileged=true`);
  await expect(page.getByRole("note", { name: "Historical view" })).toHaveCount(0);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);

  // the org summary takes the same parameter: nothing privileged in acme-prod as of the second snapshot
  await page.goto(`/foundations/${F}?snapshot=${second.snapshot.id}`);
  const orgs = page.locator("#orgs");
  await expect(page.getByRole("note", { name: "Historical view" })).toContainText(`snapshot #${second.snapshot.id}`);
  await expect(orgs.locator('[data-org="acme-prod"]').first()).not.toContainText("privileged →");
  await expect(orgs.getByRole("link", { name: "acme-prod" })).toHaveAttribute("href", new RegExp(`snapshot=${second.snapshot.id}`));
  await expectNoSeriousA11yViolations(page);

  // so do the headline counts and the segments: two privileged apps in the first snapshot, one in the latest
  await page.goto(`/foundations/${F}?snapshot=${first.snapshot.id}`);
  const counts = page.getByLabel(`Counts of ${F} in snapshot #${first.snapshot.id}`);
  await expect(counts.locator("div").filter({ hasText: /^Privileged apps/ }).locator("dd").first()).toHaveText("2");
  await expect(page.getByRole("link", { name: "Privileged apps (2)" })).toHaveAttribute("href", `/foundations/${F}/apps?privileged=true&snapshot=${first.snapshot.id}`);
  const segments = page.getByRole("table", { name: "Isolation segments" });
  await expect(segments.getByRole("row", { name: /^shared/ })).toContainText("2");
  await page.getByRole("note", { name: "Historical view" }).getByRole("link", { name: "back to latest" }).click();
  await expect(page.getByLabel(`Counts of ${F} in the latest snapshot`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Privileged apps (1)" })).toBeVisible();

  // a snapshot back-filled between the second and the third already shows legacy-sftp-sync privileged again: the
  // regression is its, on the diff page and in the burndown alike, and the third no longer has one
  const backfill = await seed(request, F, dump([sftp, checkout, unnamed]), "2026-10-02T20:00:00Z");
  await page.goto(`/foundations/${F}/snapshots/${backfill.snapshot.id}`);
  await expect(page.locator("section h2").first()).toHaveText("Regressed (1)");
  await expect(page.getByRole("table", { name: "Regressed apps" }).getByRole("link", { name: "legacy-sftp-sync" })).toBeVisible();
  expect(await (await request.get(`/api/foundations/${F}/snapshots/${third.snapshot.id}/diff`)).json()).toMatchObject({ previous: { id: backfill.snapshot.id }, regressed: [] });
  const { points } = (await (await request.get(`/api/foundations/${F}/progress`)).json()) as { points: { snapshotId: string; regressions: number }[] };
  expect(points.map((p) => [p.snapshotId, p.regressions])).toEqual([
    [first.snapshot.id, 0],
    [second.snapshot.id, 0],
    [backfill.snapshot.id, 1],
    [third.snapshot.id, 0],
  ]);
});
