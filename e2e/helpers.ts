import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

/** The sample dump: privileged legacy-sftp-sync (acme-prod/payments, persistent_isolation_segment), unprivileged
 * checkout-api (acme-prod/payments), and a privileged unnamed legacy app whose org and space show as guids. */
export const SAMPLE_PATH = path.join(import.meta.dirname, "fixtures", "desired-lrps.ndjson");
export const sample = (): Buffer => readFileSync(SAMPLE_PATH);
export const sampleLines = (): string[] => sample().toString("utf8").split("\n").filter((l) => l !== "");

export const LEGACY_GUID = "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f";
export const UNNAMED_GUID = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

/** Seeds a snapshot through the API, as automation would (curl --data-binary). */
export async function seed(request: APIRequestContext, foundation: string, body: Buffer, capturedAt?: string) {
  const qs = capturedAt ? `?capturedAt=${encodeURIComponent(capturedAt)}` : "";
  const res = await request.post(`/api/foundations/${foundation}/snapshots${qs}`, { data: body });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return (await res.json()) as { snapshot: { id: string; privilegedApps: number } };
}

/** The value of a headline number (a <dt> label and its <dd>). */
export function stat(page: Page, label: string): Locator {
  return page
    .locator("dl > div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .locator("dd")
    .first();
}

/** App names in the app table, in display order. */
export function appNames(page: Page): Locator {
  return page.getByRole("table", { name: "Apps" }).locator("tbody tr td a[href*='/apps/']");
}

export function snapshotRows(page: Page): Locator {
  return page.getByRole("table", { name: /snapshot history/i }).locator("tbody tr");
}

/** The rows of a table (a burndown's data table) as the text of each cell, by column header. */
export async function rowsOf(table: Locator): Promise<Record<string, string>[]> {
  const headers = (await table.locator("thead th").allInnerTexts()).map((h) => h.trim());
  const rows = await table.locator("tbody tr").all();
  return Promise.all(
    rows.map(async (r) => {
      const cells = (await r.locator("th, td").allInnerTexts()).map((c) => c.trim());
      return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
    }),
  );
}

/** axe-core on the page as it is now (or on the part `include` selects): no serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, include?: string) {
  const axe = new AxeBuilder({ page });
  const { violations } = await (include ? axe.include(include) : axe).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

/** Every CSP violation and console error of a page, from the moment it starts loading. */
export async function watch(page: Page): Promise<{ problems: () => Promise<string[]> }> {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      w.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`),
    );
  });
  return {
    problems: async () => [...errors, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).map((v) => `CSP: ${v}`)],
  };
}
