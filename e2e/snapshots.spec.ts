import { expect, test } from "@playwright/test";
import { LEGACY_GUID, sampleLines, seed, snapshotRows, stat } from "./helpers";

test("a truncated-looking snapshot is flagged, and deleting it after confirmation restores the foundation as it was", async ({ page, request }) => {
  const F = "delete-e2e";
  const lines = sampleLines();
  await seed(request, F, Buffer.from(lines.join("\n") + "\n"), "2026-11-20T08:00:00Z");
  // a cut-off dump: one app of three
  const cut = await seed(request, F, Buffer.from(`${lines[0]}\n`), "2026-11-21T08:00:00Z");

  await page.goto(`/foundations/${F}`);
  await expect(snapshotRows(page)).toHaveCount(2);
  const latest = snapshotRows(page).first();
  await expect(latest).toContainText("2 of the previous snapshot's 3 apps are missing");
  await expect(latest.getByText("suspicious", { exact: true })).toBeVisible();
  await expect(stat(page, "Apps")).toHaveText("1");

  await latest.getByRole("button", { name: `Delete snapshot #${cut.snapshot.id}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete snapshot #${cut.snapshot.id}?` });
  await expect(dialog).toBeVisible();
  // cancelling deletes nothing
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(snapshotRows(page)).toHaveCount(2);

  await latest.getByRole("button", { name: `Delete snapshot #${cut.snapshot.id}` }).click();
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(snapshotRows(page)).toHaveCount(1);
  await expect(stat(page, "Apps")).toHaveText("3");
  await expect(snapshotRows(page).first()).not.toContainText("suspicious");

  // the app's history no longer has the deleted snapshot
  const detail = await request.get(`/api/foundations/${F}/apps/${LEGACY_GUID}`);
  expect(((await detail.json()) as { history: unknown[] }).history).toHaveLength(1);
});

test("deleting a foundation needs its name typed, then it is gone from the fleet", async ({ page, request }) => {
  const F = "delete-foundation-e2e";
  await seed(request, F, Buffer.from(sampleLines().join("\n") + "\n"));
  await page.goto(`/foundations/${F}`);
  await page.getByRole("button", { name: "Delete foundation" }).click();
  const dialog = page.getByRole("dialog", { name: `Delete foundation ${F}?` });
  const confirm = dialog.getByRole("button", { name: "Delete foundation" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill(F);
  await confirm.click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("link", { name: F })).toHaveCount(0);
  expect((await request.get(`/api/foundations/${F}/apps`)).status()).toBe(404);
});
