import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_STATE } from "./server-files";
import { expectNoSeriousA11yViolations } from "./helpers";

// Runs first, on the fresh database of this run: the first administrator is created through /setup, as a
// newcomer does after `npm start`, and the signed-in browser state is what every other spec starts from.
test("first-run setup creates the first administrator once, then refuses", async ({ page }) => {
  await page.goto("/foundations/prod/apps");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "First-run setup" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Email").fill(ADMIN_EMAIL);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByLabel("Password again").fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page.getByRole("heading", { name: "Fleet" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText(ADMIN_EMAIL);
  await expect(nav).toContainText("admin");
  await page.context().storageState({ path: ADMIN_STATE });

  // once an administrator exists, setup is refused: on the page and through the API
  await page.goto("/setup");
  await expect(page.getByRole("heading", { name: "Setup is done" })).toBeVisible();
  const again = await page.request.post("/api/setup", { data: { email: "intruder@example.com", password: "intruder password 1" } });
  expect(again.status()).toBe(409);
  expect(await again.json()).toEqual({ error: "setup is done: an administrator exists" });
});
