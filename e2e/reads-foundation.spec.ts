import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN_STATE } from "./server-files";
import { generateDumpLines } from "../scripts/gen-dump.mjs";
import { seed } from "./helpers";

// A foundation with more than 400 orgs (a generated dump, uploaded through the API as automation would).
const F = "reads-many-orgs-e2e";
const PAGE_SIZE = 25;

interface Org {
  guid: string;
  name: string;
  privilegedApps: number;
  spaces: { name: string }[];
}
let orgs: Org[] = [];

test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(180_000);
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL, storageState: ADMIN_STATE });
  await seed(request, F, Buffer.from([...generateDumpLines({ lrps: 6000, orgs: 560, seed: "reads-e2e" })].join("")));
  orgs = ((await (await request.get(`/api/foundations/${F}/orgs`)).json()) as { orgs: Org[] }).orgs;
  await request.dispose();
  expect(orgs.length).toBeGreaterThanOrEqual(400);
});

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

const orgRow = (page: Page, name: string) => page.locator(`li[data-org="${name}"]`);

test("the foundation page of a 400-org foundation stays under 150 KB and starts with the orgs that have the most privileged apps", async ({ page, request }) => {
  const res = await request.get(`/foundations/${F}`);
  expect(res.status()).toBe(200);
  expect((await res.body()).length).toBeLessThan(150 * 1024);

  const consoleErrors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  await page.goto(`/foundations/${F}`);
  const rows = page.getByRole("list", { name: "Orgs", exact: true }).locator(":scope > li");
  await expect(rows).toHaveCount(PAGE_SIZE);
  await expect(rows.first()).toHaveAttribute("data-org", orgs[0]!.name);
  await expect(page.getByRole("navigation", { name: "Org pages" })).toContainText(`1–${PAGE_SIZE} of ${orgs.length} orgs`);
  // the org with the most privileged apps is open with its spaces
  await expect(page.getByRole("list", { name: `Spaces of ${orgs[0]!.name}` }).getByRole("listitem")).toHaveCount(Math.min(orgs[0]!.spaces.length, 10));
  await expectAccessible(page);
  // nothing the Content-Security-Policy blocks (an inline style would be)
  expect(consoleErrors).toEqual([]);
});

test("the keyboard reaches an org further down: the next page, then a search by name", async ({ page }) => {
  await page.goto(`/foundations/${F}`);
  const next = page.getByRole("navigation", { name: "Org pages" }).getByRole("link", { name: "Next →" });
  await next.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]orgPage=2(&|#|$)/);
  const second = orgs[PAGE_SIZE + 3]!;
  await expect(orgRow(page, second.name)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Org pages" })).toContainText(`${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of ${orgs.length} orgs`);

  // an org on the last page, found by part of its name
  const last = orgs.at(-1)!;
  await page.getByRole("searchbox", { name: "Find an org" }).fill(last.name);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]orgSearch=${last.name}`));
  const row = orgRow(page, last.name);
  await expect(row).toBeVisible();
  await expect(row).toContainText(`${last.spaces.length} space`);

  // its spaces open from the keyboard, each linking to the app table filtered by it
  const toggle = row.getByRole("button", { name: `Spaces of ${last.name}` });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.focus();
  await page.keyboard.press("Enter");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  const spaces = page.getByRole("list", { name: `Spaces of ${last.name}` }).getByRole("link");
  await expect(spaces).toHaveCount(last.spaces.length);
  await spaces.first().click();
  await expect(page).toHaveURL(new RegExp(`/foundations/${F}/apps\\?org=${last.guid}&space=`));
  await expect(page.getByRole("table", { name: "Apps" })).toBeVisible();
});

test("the orgs API pages on request and keeps the contract's shape without paging", async ({ request }) => {
  const paged = (await (await request.get(`/api/foundations/${F}/orgs?page=2&pageSize=10`)).json()) as { orgs: Org[]; total: number; page: number; pageSize: number };
  expect(paged).toMatchObject({ total: orgs.length, page: 2, pageSize: 10 });
  expect(paged.orgs.map((o) => o.guid)).toEqual(orgs.slice(10, 20).map((o) => o.guid));
  const found = (await (await request.get(`/api/foundations/${F}/orgs?q=${encodeURIComponent(orgs[7]!.name)}`)).json()) as { orgs: Org[] };
  expect(found.orgs.map((o) => o.name)).toContain(orgs[7]!.name);
  const bad = await request.get(`/api/foundations/${F}/orgs?page=0`);
  expect(bad.status()).toBe(400);
});
