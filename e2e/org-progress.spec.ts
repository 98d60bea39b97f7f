import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations as expectAccessible, LEGACY_GUID, rowsOf, sampleLines, seed, watch } from "./helpers";

// One org across two foundations: its series on GET /api/progress, its row of the roll-up on `/` (progress bar,
// "Overdue"), and its page. The sample's acme-prod is renamed so that other specs' foundations do not add to it.
const ORG = "org-e2e-team";
const EAST = "org-e2e-east";
const WEST = "org-e2e-west";
const lines = () => sampleLines().map((l) => l.replaceAll("acme-prod", ORG));
const dump = (ls: string[]) => Buffer.from(ls.join("\n") + "\n");
/** legacy-sftp-sync restaged without privilege: a new process guid version, `privileged` false. */
const restaged = (ls: string[]) =>
  ls.map((l) =>
    l.includes(LEGACY_GUID) ? l.replace('"privileged":true', '"privileged":false').replace(/("process_guid":"[0-9a-f-]{36})-[0-9a-f-]{36}/, "$1-ffffffff-0000-4000-8000-000000000002") : l,
  );

test.beforeAll(async ({ request }) => {
  await seed(request, EAST, dump(lines()), "2026-10-01T08:00:00Z");
  await seed(request, WEST, dump(lines()), "2026-10-02T08:00:00Z");
  // east's sftp app is restaged and comes back unprivileged: migrated there; west's is still privileged
  const res = await request.post(`/api/foundations/${EAST}/apps/${LEGACY_GUID}/events`, { data: { action: "mark_restaged" } });
  expect(res.status(), await res.text()).toBe(200);
  await seed(request, EAST, dump(restaged(lines())), "2026-10-03T08:00:00Z");
  // west's target date has passed with the org's privileged app still there
  const target = await request.put(`/api/foundations/${WEST}/target`, { data: { targetDate: "2026-10-15" } });
  expect(target.status(), await target.text()).toBe(200);
});

test("GET /api/progress sends the org's series summed over both foundations", async ({ request }) => {
  const res = await request.get(`/api/progress?org=${ORG}&org=nobody-e2e`);
  expect(res.status()).toBe(200);
  const { orgs } = (await res.json()) as { orgs: { name: string; foundations: string[]; points: { capturedAt: string; privilegedApps: number; statuses: { migrated: number } }[] }[] };
  expect(orgs.map((o) => o.name)).toEqual([ORG, "nobody-e2e"]);
  expect(orgs[0]!.foundations).toEqual([EAST, WEST]);
  expect(orgs[0]!.points.map((p) => [p.capturedAt.slice(0, 10), p.privilegedApps, p.statuses.migrated])).toEqual([
    ["2026-10-01", 1, 0],
    ["2026-10-02", 2, 0],
    ["2026-10-03", 1, 1],
  ]);
  expect(orgs[1]).toEqual({ name: "nobody-e2e", foundations: [], points: [] });
  expect((await request.get(`/api/progress?${Array.from({ length: 51 }, (_, i) => `org=o${i}`).join("&")}`)).status()).toBe(400);
});

test("the roll-up row shows the org's progress bar and that it is overdue, and leads to its page", async ({ page, request }) => {
  const api = (await (await request.get(`/api/progress/orgs?q=${ORG}&overdue=true`)).json()) as { orgs: { name: string; overdue: boolean; overdueOn: string[] }[] };
  expect(api.orgs).toEqual([expect.objectContaining({ name: ORG, overdue: true, overdueOn: [WEST] })]);

  const w = await watch(page);
  await page.goto(`/?orgSearch=${ORG}`);
  const table = page.getByRole("table", { name: "Orgs across foundations" });
  const row = table.locator(`tbody tr[data-org='${ORG}']`);
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("progressbar", { name: `${ORG}: 1 of 2 migrated` })).toBeVisible();
  await expect(row.getByTestId("migration-text")).toHaveText("1 of 2 migrated (50 %)");
  await expect(row.getByRole("rowheader")).toContainText("Overdue");
  const headers = await table.locator("thead th").allTextContents();
  // the row's cells after its row header: the header's position minus one
  await expect(row.locator("td").nth(headers.indexOf(WEST) - 1)).toContainText("Overdue");
  await expect(row.locator("td").nth(headers.indexOf(EAST) - 1)).not.toContainText("Overdue");
  await expectAccessible(page, "#org-rollup");

  await page.getByRole("link", { name: "Only overdue orgs" }).click();
  await expect(page).toHaveURL(/orgOverdue=1/);
  await expect(table.locator(`tbody tr[data-org='${ORG}']`)).toHaveCount(1);

  await row.getByRole("link", { name: ORG }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${ORG}$`));
  await expect(page.getByRole("heading", { level: 1, name: ORG })).toBeVisible();
  expect(await w.problems()).toEqual([]);
});

test("the org page: its burndown adds up both foundations, per-foundation counts link to the app list, overdue stands out", async ({ page }) => {
  const w = await watch(page);
  await page.goto(`/orgs/${ORG}`);
  const burndown = page.getByRole("region", { name: "Burndown across foundations", exact: true });
  const data = burndown.getByRole("table", { name: "Burndown data" });
  await expect(data.locator("tbody tr")).toHaveCount(3);
  expect((await rowsOf(data)).map((r) => [r["Privileged apps"], r["untriaged"], r["migrated"]])).toEqual([
    ["1", "1", "0"],
    ["2", "2", "0"],
    ["1", "1", "1"],
  ]);
  // the earliest target where privileged apps remain: west's, passed
  await expect(burndown).toContainText("Target date: 2026-10-15");
  await expect(burndown.getByText("Overdue", { exact: true })).toBeVisible();

  const status = page.getByRole("region", { name: /Status/ });
  await expect(status.getByRole("progressbar", { name: `${ORG}: 1 of 2 migrated` })).toBeVisible();
  await expect(status).toContainText(`Privileged apps remain past the target date on ${WEST}.`);

  const foundations = page.getByRole("table", { name: "The org on each foundation" });
  const west = foundations.getByRole("row").filter({ has: page.getByRole("rowheader", { name: WEST }) });
  await expect(west).toContainText("Overdue");
  await expect(foundations.getByRole("row").filter({ has: page.getByRole("rowheader", { name: EAST }) })).not.toContainText("Overdue");
  const privileged = west.getByRole("link", { name: `${ORG}'s privileged apps on ${WEST} (1)` });
  await expect(privileged).toHaveAttribute("href", `/foundations/${WEST}/apps?org=${ORG}&privileged=true`);
  await expect(burndown.locator("svg.recharts-surface").first()).toBeVisible();
  await expectAccessible(page);

  await privileged.click();
  await expect(page.getByRole("table", { name: "Apps" }).locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("table", { name: "Apps" })).toContainText("legacy-sftp-sync");
  expect(await w.problems()).toEqual([]);
});

test("an org no foundation has is not found", async ({ page }) => {
  const answer = await page.goto("/orgs/nobody-e2e");
  expect(answer?.status()).toBe(404);
  await expect(page.getByText("No such org")).toBeVisible();
  await expect(page.getByRole("link", { name: "See every org across foundations" })).toHaveAttribute("href", "/#org-rollup");
  await expectAccessible(page);
});
