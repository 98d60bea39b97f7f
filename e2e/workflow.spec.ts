import { expect, test, type APIRequestContext } from "@playwright/test";
import { adminCli } from "./cli";
import { expectNoSeriousA11yViolations as expectAccessible, LEGACY_GUID, sampleLines, seed, UNNAMED_GUID } from "./helpers";
import { ADMIN_EMAIL } from "./server-files";

// The migration workflow as the first administrator (signed in by first-run.setup.ts); the owner, requester
// and cross-scope cases build on the accounts' e2e helpers.

const dump = (lines: string[]) => Buffer.from(lines.join("\n") + "\n");
/** The same LRP restaged without privilege: a new process guid version, `privileged` false. */
const unprivileged = (line: string) =>
  line.replace('"privileged":true', '"privileged":false').replace(/("process_guid":"[0-9a-f-]{36})-[0-9a-f-]{36}/, "$1-ffffffff-0000-4000-8000-000000000001");

interface AppJson {
  status: string | null;
  present: boolean;
  absentSince: string | null;
  allowedActions: string[];
  workflow: { version: number };
  events: { action: string; actor: string; at: string }[];
}
const app = async (request: APIRequestContext, f: string, guid = LEGACY_GUID) => (await (await request.get(`/api/foundations/${f}/apps/${guid}`)).json()) as AppJson;
const act = (request: APIRequestContext, f: string, data: Record<string, unknown>, guid = LEGACY_GUID) =>
  request.post(`/api/foundations/${f}/apps/${guid}/events`, { data });

test("a test push is recorded and verified, the app restaged, and the next dump without privilege shows it migrated with the snapshot as actor", async ({ page, request }) => {
  const F = "workflow-e2e";
  const lines = sampleLines();
  await seed(request, F, dump(lines), "2026-11-20T08:00:00Z");

  await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
  const workflow = page.getByRole("region", { name: "Workflow" });
  const summary = (name: string) => workflow.locator("summary", { hasText: name });
  await expect(summary("Record a test push")).toBeVisible();
  await expectAccessible(page);

  // the test push, entered with the keyboard
  await summary("Record a test push").focus();
  await page.keyboard.press("Enter");
  const form = workflow.getByRole("form", { name: "Record a test push" });
  await form.getByLabel("Test org").fill("sandbox");
  await form.getByLabel("Test space").fill("rootless 'tests'");
  await expect(form.getByLabel("Test app name")).toHaveValue("legacy-sftp-sync-rootless-test");
  await form.getByRole("button", { name: "Record a test push" }).click();
  await expect(workflow.getByRole("status")).toContainText("now testing");
  await expect(page.getByRole("list", { name: "Events, newest first" }).locator("li").first()).toContainText("Record a test push");
  await expect(page.getByRole("list", { name: "Events, newest first" }).locator("li").first()).toContainText(`by ${ADMIN_EMAIL}`);
  // the commands push the copy into the recorded test space, quoted
  await expect(page.getByText(`cf target -o='sandbox' -s='rootless '\\''tests'\\'''`).first()).toBeVisible();
  await expectAccessible(page);

  await summary("Verify (test runs unprivileged)").click();
  await workflow.getByRole("form", { name: "Verify (test runs unprivileged)" }).getByLabel("Note (optional)").fill("mounts replaced by a volume service");
  await workflow.getByRole("button", { name: "Verify (test runs unprivileged)" }).click();
  await expect(workflow.getByRole("status")).toContainText("now verified");

  await summary("Mark restaged").click();
  await workflow.getByRole("button", { name: "Mark restaged" }).click();
  await expect(workflow.getByRole("status")).toContainText("now restaged");

  // the next dump: the app restaged without privilege
  const next = await seed(request, F, dump([unprivileged(lines[0]!), ...lines.slice(1)]), "2026-11-21T08:00:00Z");
  await page.reload();
  const top = page.getByRole("list", { name: "Events, newest first" }).locator("li").first();
  await expect(top).toContainText("Migrated");
  await expect(top).toContainText(`by snapshot ${next.snapshot.id}`);
  await expect(top).toContainText("2026-11-21");
  // only an admin's reopen is left
  await expect(page.getByRole("region", { name: "Workflow" }).locator("summary")).toHaveText(["Reopen"]);
  expect((await app(request, F)).events.slice(0, 4).map((e) => [e.action, e.actor])).toEqual([
    ["migrated", `snapshot ${next.snapshot.id}`],
    ["mark_restaged", ADMIN_EMAIL],
    ["verify", ADMIN_EMAIL],
    ["start_test", ADMIN_EMAIL],
  ]);
});

test("an app stopped in one dump and back in the next keeps its status; absent apps are listed on their own", async ({ page, request }) => {
  const F = "presence-e2e";
  const lines = sampleLines();
  await seed(request, F, dump(lines), "2026-11-20T08:00:00Z");
  expect((await act(request, F, { action: "start_test", testOrg: "sandbox", testSpace: "t", testApp: "copy" })).status()).toBe(200);

  await seed(request, F, dump(lines.slice(1)), "2026-11-21T08:00:00Z");
  expect(await app(request, F)).toMatchObject({ status: "testing", present: false, absentSince: "2026-11-21T08:00:00Z" });
  const absent = (await (await request.get(`/api/foundations/${F}/apps?present=false`)).json()) as { items: { guid: string }[] };
  expect(absent.items.map((i) => i.guid)).toEqual([LEGACY_GUID]);
  const present = (await (await request.get(`/api/foundations/${F}/apps`)).json()) as { items: { guid: string }[] };
  expect(present.items.map((i) => i.guid)).not.toContain(LEGACY_GUID);
  await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
  await expect(page.getByText(/absent since/)).toBeVisible();
  await expectAccessible(page);

  await seed(request, F, dump(lines), "2026-11-22T08:00:00Z");
  expect(await app(request, F)).toMatchObject({ status: "testing", present: true, absentSince: null });
  expect((await app(request, F)).events.map((e) => e.action)).toEqual(["start_test", "detected"]);
});

test("conflicting updates: one wins, the other gets 409 with what is allowed, and the log has one event; bad requests are refused", async ({ request }) => {
  const F = "conflict-e2e";
  await seed(request, F, dump(sampleLines()), "2026-11-20T08:00:00Z");
  const { workflow } = await app(request, F);
  const [a, b] = await Promise.all([
    act(request, F, { action: "needs_privilege", note: "sshfs", version: workflow.version }),
    act(request, F, { action: "mark_restaged", version: workflow.version }),
  ]);
  expect([a.status(), b.status()].sort()).toEqual([200, 409]);
  const loser = a.status() === 409 ? a : b;
  expect(await loser.json()).toMatchObject({ error: expect.stringContaining("changed"), allowed: expect.any(Array) });
  expect((await app(request, F)).events).toHaveLength(2);

  const refused = await act(request, F, { action: "verify" });
  expect(refused.status()).toBe(409);
  expect(await refused.json()).toMatchObject({ allowed: expect.arrayContaining(["reopen"]) });
  expect((await act(request, F, { action: "needs_privilege" })).status()).toBe(400);
  expect((await act(request, F, { action: "needs_privilege", note: "x" }, "no-such-app")).status()).toBe(404);
});

test("my apps: an admin sees every app needing action and is told so", async ({ page, request }) => {
  await seed(request, "my-apps-e2e", dump(sampleLines()), "2026-11-20T08:00:00Z");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My apps" }).click();
  await expect(page.getByRole("heading", { name: "My apps", level: 1 })).toBeVisible();
  await expect(page.getByText("You are an admin")).toBeVisible();
  await expect(page.getByRole("table", { name: "Untriaged" }).getByRole("link", { name: "legacy-sftp-sync" }).first()).toBeVisible();
  await expectAccessible(page);
});

test("an owner records a test push and verifies their app, gets 403 on another org's app, and sees only their apps; a requester cannot approve their own waiver", async ({
  browser,
  request,
  baseURL,
}) => {
  const F = "owner-e2e";
  const ACME = "6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11";
  const OWNER = "owner-a@rootless-ready.test";
  const PASSWORD = "owner a password 1";
  await seed(request, F, dump(sampleLines()), "2026-11-20T08:00:00Z");
  adminCli("create-user", "--email", OWNER, "--role", "owner", "--password", PASSWORD);
  adminCli("assign-owner", "--email", OWNER, "--foundation", F, "--org", ACME);

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email", { exact: true }).fill(OWNER);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(OWNER);

  await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
  const workflow = page.getByRole("region", { name: "Workflow" });
  await workflow.locator("summary", { hasText: "Record a test push" }).click();
  const form = workflow.getByRole("form", { name: "Record a test push" });
  await form.getByLabel("Test org").fill("sandbox");
  await form.getByLabel("Test space").fill("rootless");
  await form.getByRole("button", { name: "Record a test push" }).click();
  await expect(workflow.getByRole("status")).toContainText("now testing");
  // an owner never sees an admin's actions
  await expect(workflow.locator("summary", { hasText: "Reopen" })).toHaveCount(0);
  await workflow.locator("summary", { hasText: "Verify (test runs unprivileged)" }).click();
  await workflow.getByRole("button", { name: "Verify (test runs unprivileged)" }).click();
  await expect(workflow.getByRole("status")).toContainText("now verified");
  await expectAccessible(page);
  expect((await app(request, F)).events[0]).toMatchObject({ action: "verify", actor: OWNER });

  // the unnamed legacy app lives in another org
  const foreign = await page.request.post(`/api/foundations/${F}/apps/${UNNAMED_GUID}/events`, { data: { action: "needs_privilege", note: "x" } });
  expect(foreign.status()).toBe(403);
  await page.goto(`/foundations/${F}/apps/${UNNAMED_GUID}`);
  await expect(page.getByRole("region", { name: "Workflow" })).toContainText("There is nothing you can do");

  await page.goto("/my-apps");
  await expect(page.getByText("The apps of the orgs and spaces assigned to you.")).toBeVisible();
  await expect(page.getByRole("link", { name: UNNAMED_GUID })).toHaveCount(0);
  await expectAccessible(page);
  await context.close();

  // the admin asks for a waiver on the unnamed app: they may reject it, never approve it
  expect((await act(request, F, { action: "request_waiver", note: "kernel module", expiresAt: "2030-01-01T00:00:00Z" }, UNNAMED_GUID)).status()).toBe(200);
  expect((await app(request, F, UNNAMED_GUID)).allowedActions).toEqual(expect.arrayContaining(["reject_waiver"]));
  expect((await app(request, F, UNNAMED_GUID)).allowedActions).not.toContain("approve_waiver");
  const own = await act(request, F, { action: "approve_waiver" }, UNNAMED_GUID);
  expect(own.status()).toBe(403);
  expect(await own.json()).toEqual({ error: "a waiver is approved by an admin other than the one who requested it" });
});
