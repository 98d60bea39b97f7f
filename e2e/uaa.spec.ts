import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import Database from "better-sqlite3";
import { createUser } from "../lib/auth/accounts";
import { killServers, startServer } from "../lib/testing/server";
import { startTestUaa, type TestUaa } from "../lib/testing/uaa-provider";
import { E2E_PORT } from "./server-files";

// A server of its own with UAA configured (the suite's server runs without), against the test UAA: the ports
// after the suite's, so parallel runs on other E2E_PORTs stay apart.
const UAA_PORT = E2E_PORT + 1;
const APP_PORT = E2E_PORT + 2;
const APP = `http://127.0.0.1:${APP_PORT}`;
const DB = path.resolve(`data/e2e-${APP_PORT}-uaa.db`);

let idp: TestUaa;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`]) rmSync(f, { force: true });
  idp = await startTestUaa({
    port: UAA_PORT,
    clientId: "rootless-ready",
    clientSecret: "e2e-client-secret",
    redirectUri: `${APP}/api/auth/callback/uaa`,
    users: [
      { user_name: "alice", email: "alice@example.com", given_name: "Alice", family_name: "Admin", groups: ["rootless_ready.admin"] },
      { user_name: "victor", email: "victor@example.com", given_name: "Victor", family_name: "Viewer" },
      { user_name: "noemail" },
    ],
  });
  await startServer(APP_PORT, DB, {
    UAA_URL: idp.url,
    UAA_CLIENT_ID: "rootless-ready",
    UAA_CLIENT_SECRET: "e2e-client-secret",
    BETTER_AUTH_URL: APP,
    BETTER_AUTH_SECRET: "e2e-uaa-secret-0123456789abcdef0123456789",
  });
  // the first administrator, as /setup would make them: UAA sign-in waits for one
  const db = new Database(DB);
  try {
    await createUser(db, { email: "root@example.com", role: "admin", password: "a-long-local-password" }, { actor: "e2e" });
  } finally {
    db.close();
  }
});

test.afterAll(async () => {
  killServers();
  await idp?.close();
});

/** A fresh browser: clicks "Sign in with Cloud Foundry", goes through UAA and comes back. */
async function signInWithCloudFoundry(browser: Browser, user: string) {
  idp.signInAs(user);
  const context = await browser.newContext({ baseURL: APP });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Cloud Foundry" }).click();
  await page.waitForURL(`${APP}/`);
  return { page, context };
}

const auditOf = (action: string) => {
  const db = new Database(DB, { readonly: true });
  try {
    return db.prepare(`SELECT actor, details FROM AuditEvent WHERE action = ? ORDER BY id`).all(action) as { actor: string; details: string }[];
  } finally {
    db.close();
  }
};

test("a first Cloud Foundry sign-in comes back signed in as a viewer, recorded in the audit log", async ({ browser }) => {
  const { page, context } = await signInWithCloudFoundry(browser, "victor");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("victor@example.com · viewer");
  await expect(nav.getByRole("link", { name: "Upload" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  expect(auditOf("auth.sign_in")).toContainEqual({ actor: "victor@example.com", details: JSON.stringify({ method: "uaa", role: "viewer" }) });
  await context.close();
});

test("a member of rootless_ready.admin comes back as an admin, and leaving the group demotes at the next sign-in", async ({ browser }) => {
  const first = await signInWithCloudFoundry(browser, "alice");
  const nav = first.page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText("alice@example.com · admin");
  await expect(nav.getByRole("link", { name: "Upload" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Admin" })).toBeVisible();
  await first.context.close();

  idp.setGroups("alice", []);
  const again = await signInWithCloudFoundry(browser, "alice");
  await expect(again.page.getByRole("navigation", { name: "Main" })).toContainText("alice@example.com · viewer");
  await again.context.close();
  expect(auditOf("auth.sign_in").filter((e) => e.actor === "alice@example.com")).toHaveLength(2);
});

test("a UAA account without an email comes back to the sign-in page with the reason", async ({ browser }) => {
  idp.signInAs("noemail");
  const context = await browser.newContext({ baseURL: APP });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Cloud Foundry" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Cloud Foundry" })).toContainText("Your Cloud Foundry account has no email address");
  await expect(page).toHaveURL(/\/sign-in\?/);
  await context.close();
});
