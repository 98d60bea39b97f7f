import { expect, test } from "@playwright/test";

/** The upload page's link (`/upload?foundation=…`) is shared around: its value reaches a shell command only once validated. */
test("a foundation name in the link that is not a valid name is ignored with a note, and never reaches the curl command", async ({ page }) => {
  const hostile = "$(touch /tmp/pwned)";
  await page.goto(`/upload?foundation=${encodeURIComponent(hostile)}`);
  await expect(page.getByRole("note")).toContainText("The foundation name in this link was ignored");
  await expect(page.getByLabel("Foundation name")).toHaveValue("");
  const curl = page.getByRole("figure").filter({ hasText: "curl" });
  await expect(curl).toContainText("curl --data-binary @lrps.ndjson -- '");
  await expect(curl).toContainText("/api/foundations/<name>/snapshots'");
  await expect(page.locator("main")).not.toContainText("touch /tmp/pwned");
});

test("a valid foundation name in the link is prefilled and single-quoted in the curl command", async ({ page }) => {
  await page.goto("/upload?foundation=prod-east");
  await expect(page.getByLabel("Foundation name")).toHaveValue("prod-east");
  await expect(page.getByRole("note")).toHaveCount(0);
  await expect(page.getByRole("figure").filter({ hasText: "curl" })).toContainText(/curl --data-binary @lrps\.ndjson -- 'http:\/\/[^']+\/api\/foundations\/prod-east\/snapshots'/);
});
