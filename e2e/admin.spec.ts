import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { sample, seed } from "./helpers";

// One story, in order: the first administrator manages users, owners and tokens on /admin, and the audit log
// shows what they did. Each step builds on the one before, so the tests run serially.
test.describe.configure({ mode: "serial" });

const F = "admin-e2e";
const ADMIN = { email: "admin-e2e@example.com", password: "admin-e2e-password" };
const VIEWER = { email: "viewer-e2e@example.com", password: "viewer-e2e-password" };
const OWNER = { email: "owner-e2e@example.com", password: "owner-e2e-password" };

async function signIn(request: APIRequestContext, who: { email: string; password: string }) {
  const res = await request.post("/api/auth/sign-in/email", { data: who });
  expect(res.status(), await res.text()).toBe(200);
}

async function expectAxeClean(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

let context: BrowserContext;
let page: Page;
let token = "";

test.beforeAll(async ({ browser }) => {
  // axe needs a page of a context made with newContext()
  context = await browser.newContext();
  page = await context.newPage();
  // first run: nobody has an account yet, so /api/setup makes the administrator
  const setup = await page.request.post("/api/setup", { data: ADMIN });
  expect(setup.status(), await setup.text()).toBe(201);
  await signIn(page.request, ADMIN);
  await seed(page.request, F, sample());
});
test.afterAll(() => context.close());

const usersTable = () => page.getByRole("table", { name: "Users" });
const ownersTable = () => page.getByRole("table", { name: "Owner assignments" });
const tokensTable = () => page.getByRole("table", { name: "API tokens" });

test("an admin creates a viewer and an owner", async () => {
  await page.goto("/admin");
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  await expect(ownersTable()).toHaveCount(0);
  await expect(page.getByText("No owner assignments yet")).toBeVisible();

  const form = page.getByRole("form", { name: "Create a user" });
  for (const [who, role] of [
    [VIEWER, "viewer"],
    [OWNER, "owner"],
  ] as const) {
    await form.getByLabel("Email").fill(who.email);
    await form.getByLabel("Role").selectOption(role);
    await form.getByLabel(/^Password/).fill(who.password);
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByRole("status")).toHaveText(`Created ${role} ${who.email}.`);
    await expect(usersTable().locator(`tr[data-user='${who.email}']`)).toBeVisible();
  }
  const roleOf = (email: string) => page.getByRole("combobox", { name: `Role of ${email}` });
  await expect(roleOf(OWNER.email)).toHaveValue("owner");
  // the admin's own row offers no role change and no delete
  await expect(roleOf(ADMIN.email)).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Delete user ${ADMIN.email}` })).toHaveCount(0);
  await expectAxeClean(page);

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
  await form.getByLabel(/^Org/).fill("acme-prod");
  await form.getByLabel(/^Space/).fill("payments");
  await form.getByRole("button", { name: "Assign owner" }).click();
  await expect(form.getByRole("status")).toHaveText("Assigned.");
  await expect(ownersTable().locator("tbody tr")).toHaveCount(1);
  await expect(ownersTable().locator("tbody tr").first()).toContainText("payments");

  const csvForm = page.getByRole("form", { name: "Import owner assignments" });
  const upload = (text: string) => csvForm.getByLabel("CSV file").setInputFiles({ name: "owners.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await upload(["foundation,org,space,email", `${F},acme-prod,,${OWNER.email}`, `${F},no-such-org,,${OWNER.email}`, `${F},acme-prod,,nobody@example.com`, ""].join("\n"));
  await csvForm.getByRole("button", { name: "Import CSV" }).click();
  await expect(csvForm.getByRole("alert")).toHaveText("2 lines cannot be imported: nothing was imported");
  const bad = csvForm.getByRole("table", { name: "Lines that cannot be imported" }).locator("tbody tr");
  await expect(bad).toHaveText([/^3.*no org with this guid or name/, /^4.*no user with this email/]);
  await expect(ownersTable().locator("tbody tr")).toHaveCount(1);
  await expectAxeClean(page);

  await upload(["foundation,org,space,email", `${F},acme-prod,,${OWNER.email}`, `${F},acme-prod,payments,${OWNER.email}`, ""].join("\n"));
  await csvForm.getByRole("button", { name: "Import CSV" }).click();
  await expect(csvForm.getByRole("status")).toHaveText("Imported: 1 new, 1 already present.");
  await expect(ownersTable().locator("tbody tr")).toHaveCount(2);
  await expect(ownersTable()).toContainText("whole org");

  // the body is bounded: a larger file is refused before it is parsed
  const big = await page.request.post("/api/admin/owners/import", { data: Buffer.alloc(1024 * 1024 + 1, "a") });
  expect(big.status()).toBe(413);
});

test("a minted token is shown once, works as a Bearer token, and stops working at once when revoked", async ({ request }) => {
  await page.goto("/admin");
  const form = page.getByRole("form", { name: "Mint a token" });
  await form.getByLabel("For user (email)").fill(VIEWER.email);
  await form.getByLabel(/^Token name/).fill("nightly-read");
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
  await form.getByLabel(/^Token name/).fill(hostile);
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
  await page.goto("/admin/audit");
  const events = page.getByRole("table", { name: "Audit events" });
  for (const action of ["user.create", "owner.assign", "token.create", "token.revoke", "snapshot.upload"]) await expect(events.getByRole("link", { name: action, exact: true }).first()).toBeVisible();
  await expectAxeClean(page);

  await page.getByLabel("Action").selectOption("owner.assign");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?action=owner.assign/);
  // the form's assignment and the import's new one; the refused import left nothing
  await expect(events.locator("tbody tr")).toHaveCount(2);
  await expect(events.locator("tbody tr").first()).toContainText(ADMIN.email);
  await expect(events.locator("tbody tr").first()).toContainText(`user ${OWNER.email}`);
  await expect(events.locator("tbody tr").first()).toContainText(F);

  await page.goto("/admin/audit?action=token.revoke");
  await expect(events.locator("tbody tr")).toHaveCount(1);
  await expect(events).toContainText(`token nightly-read of ${VIEWER.email}`);
  await expect(events.locator("tbody tr td").nth(5)).toHaveText(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
});

test("a viewer is sent away from /admin and gets 403 from every admin API", async ({ browser }) => {
  const viewerContext = await browser.newContext();
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
    const res = await viewerPage.request.fetch(url, { method, data: method === "GET" || method === "DELETE" ? undefined : { email: ADMIN.email, role: "admin" } });
    expect(res.status(), `${method} ${url}`).toBe(403);
  }
  await viewerContext.close();
});
