import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectNoSeriousA11yViolations as expectAccessible, LEGACY_GUID, sample, seed } from "./helpers";

// The fleet roll-up and who is stuck on `/`. Other specs upload the sample (org acme-prod) to their own
// foundations in the same run, so assertions are about this spec's two foundations and relative changes.
const EAST = "rollup-e2e-east";
const WEST = "rollup-e2e-west";

interface StuckEntry {
  name: string;
  total: number;
  counts: { regression: number; untriaged: number; testing_stalled: number };
}
const stuck = async (request: APIRequestContext) => (await (await request.get("/api/progress/stuck?limit=500")).json()) as { orgs: StuckEntry[]; total: number };

test.beforeAll(async ({ request }) => {
  await seed(request, EAST, sample(), "2026-11-20T08:00:00Z");
  await seed(request, WEST, sample(), "2026-11-21T08:00:00Z");
});

test("acme-prod on two foundations is one row of the roll-up, with a column per foundation", async ({ page, request }) => {
  const api = (await (await request.get("/api/progress/orgs?q=acme-prod")).json()) as { orgs: { name: string; foundations: Record<string, unknown> }[] };
  expect(api.orgs.filter((o) => o.name === "acme-prod")).toHaveLength(1);
  expect(api.orgs[0]!.foundations[EAST]).toEqual({ apps: 2, privilegedApps: 1, migratedApps: 0 });
  expect(api.orgs[0]!.foundations[WEST]).toEqual({ apps: 2, privilegedApps: 1, migratedApps: 0 });

  await page.goto("/");
  await page.getByRole("searchbox", { name: "Find an org" }).fill("acme-prod");
  await page.getByRole("search", { name: "Orgs across foundations" }).getByRole("button", { name: "Find" }).click();
  await expect(page).toHaveURL(/orgSearch=acme-prod/);
  const table = page.getByRole("table", { name: "Orgs across foundations" });
  const rows = table.locator("tbody tr[data-org='acme-prod']");
  await expect(rows).toHaveCount(1);
  const headers = await table.locator("thead th").allTextContents();
  for (const f of [EAST, WEST]) {
    const column = headers.indexOf(f);
    expect(column, `a column for ${f}`).toBeGreaterThan(1);
    // the row's cells after its row header: the header's position minus one
    await expect(rows.locator("td").nth(column - 1)).toHaveText("1 of 2 0 % migrated");
  }
  await expectAccessible(page);
});

test("who is stuck ranks orgs by untriaged apps; a fresh test push is not stuck", async ({ page, request }) => {
  const before = await stuck(request);
  const totals = before.orgs.map((o) => o.total);
  expect(totals).toEqual([...totals].sort((a, b) => b - a));
  const acme = before.orgs.find((o) => o.name === "acme-prod")!;
  expect(acme.counts.untriaged).toBeGreaterThanOrEqual(2);

  const res = await request.post(`/api/foundations/${EAST}/apps/${LEGACY_GUID}/events`, {
    data: { action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "x" },
  });
  expect(res.status(), await res.text()).toBe(200);

  const after = await stuck(request);
  const acmeAfter = after.orgs.find((o) => o.name === "acme-prod")!;
  // testing since just now: no longer untriaged, and not stalled before 14 days (the unit tests age it)
  expect(acmeAfter.counts).toEqual({ ...acme.counts, untriaged: acme.counts.untriaged - 1 });
  expect(after.total).toBe(before.total - 1);

  await page.goto("/");
  const section = page.getByRole("region", { name: "Who is stuck" });
  await expect(section).toContainText(`${after.total} privileged apps are untriaged or testing for more than 14 days`);
  const orgs = section.getByRole("list", { name: "Stuck orgs" }).locator(":scope > li");
  await expect(orgs.first()).toHaveAttribute("data-stuck", after.orgs[0]!.name);
  const entry = section.locator("li[data-stuck='acme-prod']");
  await expect(entry).toContainText(`${acmeAfter.total} stuck`);
  await expect(entry).toContainText("waiting since");
  await expectAccessible(page);
});
