import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { parseCsv } from "../lib/testing/csv";
import { generateDumpLines } from "../scripts/gen-dump.mjs";
import { appNames, LEGACY_GUID, sample, sampleLines, seed, UNNAMED_GUID } from "./helpers";

/** The sample, then a day later the same dump with legacy-sftp-sync restaged unprivileged: it is `migrated`. */
const F = "table-e2e";
/** A generated foundation of a few hundred apps, for exports over many pages and the bulk action. */
const F_BIG = "table-big-e2e";

const GENERATED = Buffer.from([...generateDumpLines({ lrps: 400, orgs: 6, seed: "table-e2e", privilegedShare: 0.4 })].join(""));

test.beforeAll(async ({ playwright }, testInfo) => {
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  await seed(request, F, sample(), "2026-11-20T08:00:00Z");
  const fixed = sampleLines().map((l) => (l.includes(LEGACY_GUID) ? l.replaceAll('"privileged":true', '"privileged":false') : l));
  await seed(request, F, Buffer.from(fixed.join("\n") + "\n"), "2026-11-21T08:00:00Z");
  await seed(request, F_BIG, GENERATED, "2026-11-20T08:00:00Z");
  await request.dispose();
});

async function apiList(request: APIRequestContext, f: string, qs: string) {
  const res = await request.get(`/api/foundations/${f}/apps?${qs}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { items: { guid: string; name: string; status: string | null }[]; total: number };
}

test("the status filter lives in the URL and passes axe", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps?status=migrated`);
  await expect(appNames(page)).toHaveText(["legacy-sftp-sync"]);
  await expect(page.getByLabel("Status")).toHaveValue("migrated");

  await page.getByLabel("Status").selectOption("untriaged");
  await expect(page).toHaveURL(/[?&]status=untriaged(&|$)/);
  await expect(appNames(page)).toHaveText([UNNAMED_GUID]);

  await page.getByLabel("Presence").selectOption("all");
  await expect(page).toHaveURL(/[?&]status=untriaged&present=all(&|$)/);
  await page.reload();
  await expect(page.getByLabel("Presence")).toHaveValue("all");
  await expect(page.getByLabel("Status")).toHaveValue("untriaged");

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test("a status the list does not take is named, with a way out", async ({ page }) => {
  await page.goto(`/foundations/${F}/apps?status=bogus`);
  const alert = page.getByRole("alert").filter({ hasText: "could not be loaded" });
  await expect(alert).toContainText("`status`");
  await alert.getByRole("link", { name: "Clear filters" }).click();
  await expect(appNames(page)).toHaveCount(3);
});

test("the CSV download has exactly the filtered rows, every page", async ({ page, request }) => {
  const qs = "privileged=true&sort=instances&dir=desc";
  const list = await apiList(request, F_BIG, `${qs}&pageSize=500`);
  expect(list.total).toBeGreaterThan(25);
  await page.goto(`/foundations/${F_BIG}/apps?${qs}&pageSize=25`);
  await expect(appNames(page)).toHaveCount(25);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^table-big-e2e-apps-\d{8}T\d{6}Z\.csv$/);
  const rows = parseCsv(readFileSync((await download.path())!, "utf8"));
  expect(rows[0]!.slice(0, 2)).toEqual(["app", "app_guid"]);
  expect(rows.slice(1).map((r) => r[1])).toEqual(list.items.map((i) => i.guid));

  const json = await request.get(`/api/foundations/${F_BIG}/apps.json?${qs}`);
  expect(json.headers()["content-disposition"]).toMatch(/^attachment; filename="table-big-e2e-apps-\d{8}T\d{6}Z\.json"$/);
  expect(((await json.json()) as { total: number }).total).toBe(list.total);
});

test("the runbook restages the verified apps, each in its org and space", async ({ request }) => {
  const empty = await request.get(`/api/foundations/${F}/runbook.sh`);
  expect(empty.status()).toBe(200);
  expect(empty.headers()["content-type"]).toMatch(/^text\/x-shellscript/);
  expect(empty.headers()["content-disposition"]).toMatch(/^attachment; filename="table-e2e-runbook-\d{8}T\d{6}Z\.sh"$/);
  expect(await empty.text()).toContain("echo 'No verified app to restage.'");

  // the last untriaged app by name with a name of its own (not the bulk test's first three)
  const { items } = await apiList(request, F_BIG, "status=untriaged&sort=name&dir=desc&pageSize=50");
  const app = items.find((i) => i.name !== i.guid && !i.name.startsWith("-"))!;
  const post = (data: object) => request.post(`/api/foundations/${F_BIG}/apps/${app.guid}/events`, { data });
  expect((await post({ action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "probe" })).status()).toBe(200);
  expect((await post({ action: "verify", note: "runs unprivileged" })).status()).toBe(200);
  const script = await (await request.get(`/api/foundations/${F_BIG}/runbook.sh`)).text();
  expect(script).toContain("set -euo pipefail");
  expect(script).toContain(`run cf restage '${app.name.replaceAll("'", "'\\''")}' --strategy rolling`);
});

test("a bulk action on three selected apps writes three events and sums up", async ({ page, request }) => {
  const before = await apiList(request, F_BIG, "status=untriaged&sort=name&pageSize=3");
  expect(before.items).toHaveLength(3);
  await page.goto(`/foundations/${F_BIG}/apps?status=untriaged&sort=name&pageSize=25`);
  await expect(appNames(page).first()).toHaveText(before.items[0]!.name);

  for (const app of before.items) await page.getByRole("checkbox", { name: `Select ${app.name}`, exact: true }).check();
  const bulk = page.getByRole("region", { name: "Bulk action" });
  await expect(bulk).toContainText("3 apps selected");
  await bulk.getByLabel("Action").selectOption("start_test");
  await bulk.getByLabel("Test org").fill("sandbox");
  await bulk.getByLabel("Test space").fill("rootless");
  await bulk.getByLabel("Test app").fill("probe");
  await bulk.getByRole("button", { name: /^Apply to 3 apps/ }).click();

  const summary = page.getByRole("status").filter({ hasText: "Applied to 3 of 3" });
  await expect(summary).toBeVisible();
  for (const app of before.items) {
    const detail = (await (await request.get(`/api/foundations/${F_BIG}/apps/${app.guid}`)).json()) as { status: string; events: { action: string }[] };
    expect(detail.status).toBe("testing");
    expect(detail.events.filter((e) => e.action === "start_test")).toHaveLength(1);
  }

  // the three are `testing` now and left this filtered page; an action the server refuses is listed with its reason
  await expect(appNames(page).first()).not.toHaveText(before.items[0]!.name);
  const next = (await appNames(page).first().textContent())!;
  await page.getByRole("checkbox", { name: `Select ${next}`, exact: true }).check();
  await bulk.getByLabel("Action").selectOption("approve_waiver");
  await bulk.getByRole("button", { name: /^Apply to 1 app/ }).click();
  const refused = page.getByRole("status").filter({ hasText: "Applied to 0 of 1 app; 1 refused" });
  await expect(refused).toContainText(`${next}: approve_waiver: no waiver request is pending`);

  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
