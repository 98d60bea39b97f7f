import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { adminCli, mintedToken } from "./cli";
import { expectNoSeriousA11yViolations, LEGACY_GUID, sample, seed, snapshotRows } from "./helpers";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./server-files";

const F = "auth-e2e";
const SIGNED_OUT = { storageState: { cookies: [], origins: [] } };

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: testInfo.project.use.storageState as string });
  await seed(request, F, sample(), "2026-11-01T00:00:00Z");
  await request.dispose();
});

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

async function signedInPage(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...SIGNED_OUT });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await signIn(page, email, password);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(email);
  return page;
}

test.describe("signed out", () => {
  test.use(SIGNED_OUT);

  test("a page asks to sign in, a wrong password is refused, the right one returns to that page, and sign-out ends the session", async ({ page }) => {
    await page.goto(`/foundations/${F}/apps?privileged=true`);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign in with Cloud Foundry" })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    await signIn(page, ADMIN_EMAIL, "not the password at all");
    await expect(page.getByRole("alert").filter({ hasText: "wrong" })).toHaveText("wrong email or password");

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await expect(page).toHaveURL(new RegExp(`/foundations/${F}/apps\\?privileged=true$`));
    await expect(page.getByRole("table", { name: "Apps" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
    expect((await page.request.get("/api/foundations")).status()).toBe(401);
  });

  test("every page route redirects to sign-in (lib/api/route-walk.test.ts walks the API)", async ({ request }) => {
    // found from the file system, so a new page cannot be missed; [param] segments get a placeholder
    const pages: string[] = [];
    const walk = (dir: string, url: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isDirectory() || e.name === "api") continue;
        const seg = e.name.startsWith("(") ? "" : e.name.startsWith("[") ? "x" : e.name;
        walk(path.join(dir, e.name), seg ? `${url}/${seg}` : url);
      }
      if (readdirSync(dir).includes("page.tsx")) pages.push(url || "/");
    };
    walk(path.join(process.cwd(), "app"), "");
    const open = new Set(["/sign-in", "/setup"]);
    expect(pages.length).toBeGreaterThan(4);
    for (const p of pages.filter((p) => !open.has(p))) {
      const res = await request.get(p, { maxRedirects: 0 });
      expect(res.status(), p).toBe(307);
      expect(res.headers().location, p).toMatch(/^\/sign-in\?next=/);
    }
    expect((await request.get("/api/health")).status()).toBe(200);
  });
});

test("a viewer and an owner can read but not upload or delete: no such action on the page, 403 from the API", async ({ browser, baseURL }) => {
  const password = "viewer password 1";
  for (const role of ["viewer", "owner"] as const) {
    const email = `${role}-${Date.now()}@rootless-ready.test`;
    adminCli("create-user", "--email", email, "--role", role, "--password", password);
    const page = await signedInPage(browser, baseURL!, email, password);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toContainText(role);
    await expect(nav.getByRole("link", { name: "Upload" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);

    await page.goto(`/foundations/${F}`);
    await expect(snapshotRows(page)).toHaveCount(1);
    await expect(page.getByRole("button", { name: /delete/i })).toHaveCount(0);
    await expect(page.getByRole("form", { name: /upload/i })).toHaveCount(0);
    await expect(page.getByText("Upload a BOSH manifest")).toHaveCount(0);
    await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.goto("/upload");
    await expect(page).not.toHaveURL(/\/upload/);

    const same = { origin: new URL(baseURL!).origin };
    const upload = await page.request.post(`/api/foundations/${F}/snapshots`, { data: sample(), headers: same });
    expect(upload.status()).toBe(403);
    expect(await upload.json()).toEqual({ error: "this needs the admin role" });
    const del = await page.request.delete(`/api/foundations/${F}`, { headers: same });
    expect(del.status()).toBe(403);
    expect((await page.request.get(`/api/foundations/${F}/apps`)).status()).toBe(200);
    await page.context().close();
  }
});

test("an API token works until it is revoked, then at once no longer", async ({ playwright, baseURL }) => {
  const name = `cron-${Date.now()}`;
  const token = mintedToken(adminCli("create-token", "--email", ADMIN_EMAIL, "--name", name));
  expect(token).toMatch(/^rr_[A-Za-z0-9_-]{43}$/);
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const upload = await api.post(`/api/foundations/${F}-token/snapshots?capturedAt=2026-11-02T00:00:00Z`, { data: sample() });
  expect(upload.status()).toBe(201);
  adminCli("revoke-token", "--email", ADMIN_EMAIL, "--name", name);
  const after = await api.get("/api/foundations");
  expect(after.status()).toBe(401);
  expect(await after.json()).toEqual({ error: "this token is not valid (unknown or revoked)" });
  await api.dispose();
});

test("a form posted from another site with the session cookie changes nothing", async ({ page, baseURL }) => {
  const target = `${baseURL}/api/foundations/${F}`;
  // the attacker's page, on another origin: a text/plain form post needs no CORS preflight
  await page.route("http://evil.test/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form id="f" method="post" action="${target}/snapshots" enctype="text/plain"><input name='{"process_guid":"x","privileged":true,"x' value='"}'></form><script>document.getElementById("f").submit()</script>`,
    }),
  );
  const answered = page.waitForResponse((r) => r.url().startsWith(`${target}/snapshots`));
  await page.goto("http://evil.test/");
  expect([401, 403]).toContain((await answered).status());

  // and with the cookie attached (a browser whose cookie policy sends it), the Origin check refuses it
  const forged = await page.request.delete(target, { headers: { origin: "http://evil.test", "sec-fetch-site": "cross-site" } });
  expect(forged.status()).toBe(403);
  expect(await forged.json()).toEqual({ error: "a cross-site request cannot use this session" });
  const snapshots = await page.request.get(`${target}/snapshots`);
  expect(((await snapshots.json()) as { snapshots: unknown[] }).snapshots).toHaveLength(1);
});
