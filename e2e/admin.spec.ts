import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { expectNoSeriousA11yViolations, sample, seed } from "./helpers";
import { ADMIN_EMAIL } from "./server-files";

// One story, in order: the first administrator (made by e2e/first-run.setup.ts) manages users, owners and tokens
// on /admin, and the audit log shows what they did. Each step builds on the one before, so the tests run serially.
test.describe.configure({ mode: "serial" });

const F = "admin-e2e";
const VIEWER = { email: "viewer-e2e@example.com", password: "viewer-e2e-password" };
const OWNER = { email: "owner-e2e@example.com", password: "owner-e2e-password" };

async function signIn(request: APIRequestContext, who: { email: string; password: string }) {
  const res = await request.post("/api/auth/sign-in/email", { data: who });
  expect(res.status(), await res.text()).toBe(200);
}

let context: BrowserContext;
let page: Page;
let token = "";

test.beforeAll(async ({ browser }, testInfo) => {
  // one page for the whole story, signed in as the first administrator
  context = await browser.newContext({ storageState: testInfo.project.use.storageState as string });
  page = await context.newPage();
  await seed(page.request, F, sample());
});
test.afterAll(() => context.close());

const usersTable = () => page.getByRole("table", { name: "Users" });
const ownersTable = () => page.getByRole("table", { name: "Owner assignments" });
const ownerRows = () => ownersTable().locator("tbody tr").filter({ hasText: OWNER.email });
const tokensTable = () => page.getByRole("table", { name: "API tokens" });

test("an admin creates a viewer and an owner", async () => {
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();

  const form = page.getByRole("form", { name: "Create a user" });
  for (const [who, role] of [
    [VIEWER, "viewer"],
    [OWNER, "owner"],
  ] as const) {
    await form.getByLabel("Email").fill(who.email);
    await form.getByLabel("Role").selectOption(role);
    await form.getByLabel("Password (optional)").fill(who.password);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByRole("status")).toHaveText(`Created ${role} ${who.email}.`);
    await expect(usersTable().locator(`tr[data-user='${who.email}']`)).toBeVisible();
  }
  const roleOf = (email: string) => page.getByRole("combobox", { name: `Role of ${email}` });
  await expect(roleOf(OWNER.email)).toHaveValue("owner");
  // the admin's own row offers no role change and no delete
  await expect(roleOf(ADMIN_EMAIL)).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Delete user ${ADMIN_EMAIL}` })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // a role change, and a deletion behind a confirmation that can be cancelled
  const temp = "temp-e2e@example.com";
  await form.getByLabel("Email").fill(temp);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Create user" }).click();
  await roleOf(temp).selectOption("admin");
  await page.getByRole("button", { name: `Save role of ${temp}` }).click();
  await expect(page.getByRole("button", { name: `Save role of ${temp}` })).toBeDisabled();
  await page.reload();
  await expect(roleOf(temp)).toHaveValue("admin");
  await page.getByRole("button", { name: `Delete user ${temp}` }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this user?" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(usersTable().locator(`tr[data-user='${temp}']`)).toBeVisible();
  await page.getByRole("button", { name: `Delete user ${temp}` }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(usersTable().locator(`tr[data-user='${temp}']`)).toHaveCount(0);
});

test("the admin assigns the owner to an org by form and by CSV import, with every bad line reported", async () => {
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Assign an owner" });
  await form.getByLabel("Owner's email").fill(OWNER.email);
  await form.getByLabel("Foundation").fill(F);
  await form.getByLabel("Org", { exact: true }).fill("acme-prod");
  await form.getByLabel("Space (optional)").fill("payments");
  await form.getByRole("button", { name: "Assign owner" }).click();
  await expect(form.getByRole("status")).toHaveText("Assigned.");
  await expect(ownerRows()).toHaveCount(1);
  await expect(ownerRows()).toContainText("payments");

  const csvForm = page.getByRole("form", { name: "Import owner assignments" });
  const upload = (text: string) => csvForm.getByLabel("CSV file").setInputFiles({ name: "owners.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await upload(["foundation,org,space,email", `${F},acme-prod,,${OWNER.email}`, `${F},no-such-org,,${OWNER.email}`, `${F},acme-prod,,nobody@example.com`, ""].join("\n"));
  await csvForm.getByRole("button", { name: "Import CSV" }).click();
  await expect(csvForm.getByRole("alert")).toHaveText("2 lines cannot be imported: nothing was imported");
  const bad = csvForm.getByRole("table", { name: "Lines that cannot be imported" }).locator("tbody tr");
  await expect(bad).toHaveText([/^3.*no org with this guid or name/, /^4.*no user with this email/]);
  await expect(ownerRows()).toHaveCount(1);
  await expectNoSeriousA11yViolations(page);

  await upload(["foundation,org,space,email", `${F},acme-prod,,${OWNER.email}`, `${F},acme-prod,payments,${OWNER.email}`, ""].join("\n"));
  await csvForm.getByRole("button", { name: "Import CSV" }).click();
  await expect(csvForm.getByRole("status")).toHaveText("Imported: 1 new, 1 already present.");
  await expect(ownerRows()).toHaveCount(2);
  await expect(ownerRows().filter({ hasText: "whole org" })).toHaveCount(1);

  // the body is bounded: a larger file is refused before it is parsed
  const big = await page.request.post("/api/admin/owners/import", { data: Buffer.alloc(1024 * 1024 + 1, "a") });
  expect(big.status()).toBe(413);
});

test("a minted token is shown once, works as a Bearer token, and stops working at once when revoked", async ({ request }) => {
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Mint a token" });
  await form.getByLabel("For user (email)").fill(VIEWER.email);
  await form.getByLabel("Token name").fill("nightly-read");
  await form.getByRole("button", { name: "Mint token" }).click();
  const shown = page.getByRole("status", { name: "New token" });
  await expect(shown).toContainText("you will not see it again");
  await expect(shown.getByRole("button", { name: /^Copy token/ })).toBeVisible();
  token = (await shown.getByTestId("minted-token").textContent()) ?? "";
  expect(token).toMatch(/^rr_[A-Za-z0-9_-]{43}$/);
  await expect(tokensTable()).toContainText(token.slice(0, 10));
  await expect(tokensTable()).not.toContainText(token);

  // a name is untrusted text: shown as the characters it is, never as markup
  const hostile = `<img src=x onerror="window.__pwned=1">`;
  await form.getByLabel("For user (email)").fill(VIEWER.email);
  await form.getByLabel("Token name").fill(hostile);
  await form.getByRole("button", { name: "Mint token" }).click();
  await expect(tokensTable().locator("tbody tr").filter({ hasText: hostile })).toHaveCount(1);
  await expect(tokensTable().locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  const bearer = { authorization: `Bearer ${token}` };
  const ok = await request.get(`/api/foundations/${F}/apps`, { headers: bearer });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).total).toBe(3);
  // a viewer's token reads, and no more
  expect((await request.get("/api/admin/users", { headers: bearer })).status()).toBe(403);

  await page.reload();
  await expect(page.getByRole("status", { name: "New token" })).toHaveCount(0);
  await page.getByRole("button", { name: `Revoke token nightly-read of ${VIEWER.email}` }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
  await dialog.getByRole("button", { name: "Revoke" }).click();
  await expect(dialog).toBeHidden();
  await expect(tokensTable().locator("tbody tr").filter({ hasText: "nightly-read" })).toContainText("revoked");
  expect((await request.get(`/api/foundations/${F}/apps`, { headers: bearer })).status()).toBe(401);
});

test("the audit log lists those actions and filters them by action", async () => {
  const events = page.getByRole("table", { name: "Audit events" });
  // filtered by this admin, so events of other specs cannot push them off the first page
  const mine = `actor=${encodeURIComponent(ADMIN_EMAIL)}`;
  for (const [action, target] of [
    ["user.create", `user ${VIEWER.email}`],
    ["user.role", "user temp-e2e@example.com"],
    ["user.delete", "user temp-e2e@example.com"],
    ["token.create", `token nightly-read of ${VIEWER.email}`],
    ["snapshot.upload", "snapshot "],
  ]) {
    await page.goto(`/admin/audit?action=${action}&${mine}`);
    await expect(events.locator("tbody tr").filter({ hasText: target }).first()).toBeVisible();
  }
  await page.goto("/admin/audit");
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel("Action").selectOption("owner.assign");
  await page.getByLabel("Foundation").fill(F);
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?action=owner\.assign&/);
  await expect(page).toHaveURL(new RegExp(`&foundation=${F}&`));
  // the form's assignment and the import's new one; the refused import left nothing
  await expect(events.locator("tbody tr")).toHaveCount(2);
  await expect(events.locator("tbody tr").first()).toContainText(ADMIN_EMAIL);
  await expect(events.locator("tbody tr").first()).toContainText(`user ${OWNER.email}`);
  await expect(events.locator("tbody tr").first()).toContainText(F);

  await page.goto(`/admin/audit?action=token.revoke&actor=${encodeURIComponent(ADMIN_EMAIL)}`);
  const revoked = events.locator("tbody tr").filter({ hasText: `token nightly-read of ${VIEWER.email}` });
  await expect(revoked).toHaveCount(1);
  await expect(revoked.locator("td").nth(5)).toHaveText(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
});

test("a viewer is sent away from /admin and gets 403 from every admin API", async ({ browser }) => {
  const viewerContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage.request, VIEWER);
  for (const path of ["/admin", "/admin/audit"]) {
    await viewerPage.goto(path);
    await expect(viewerPage).toHaveURL(/\/\?denied=1$/);
  }
  await expect(viewerPage.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  const calls: [string, string][] = [
    ["GET", "/api/admin/users"],
    ["POST", "/api/admin/users"],
    ["PATCH", "/api/admin/users/x"],
    ["DELETE", "/api/admin/users/x"],
    ["GET", "/api/admin/owners"],
    ["POST", "/api/admin/owners"],
    ["DELETE", "/api/admin/owners/1"],
    ["POST", "/api/admin/owners/import"],
    ["GET", "/api/admin/tokens"],
    ["POST", "/api/admin/tokens"],
    ["DELETE", "/api/admin/tokens/1"],
    ["GET", "/api/admin/audit"],
  ];
  for (const [method, url] of calls) {
    const res = await viewerPage.request.fetch(url, { method, data: method === "GET" || method === "DELETE" ? undefined : { email: ADMIN_EMAIL, role: "admin" } });
    expect(res.status(), `${method} ${url}`).toBe(403);
  }
  await viewerContext.close();
});
