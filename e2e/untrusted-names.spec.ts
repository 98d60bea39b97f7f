import { expect, test } from "@playwright/test";
import { shellQuote } from "../lib/shell/quote";
import { LEGACY_GUID, sampleLines, seed } from "./helpers";

/** Names come from uploaded dumps: markup in them is shown as text and never runs. */
const F = "untrusted-names-e2e";
const APP = `<img src=x onerror="window.__pwned=1">"quoted" & 'more'`;
const ORG = `<b>acme</b>=HYPERLINK("x")`;

test("markup and quotes in app and org names are shown literally and never run", async ({ page, request }) => {
  // cfdot escapes <, > and & as \u003c, \u003e and \u0026, as Go's encoder does
  const escape = (s: string) => JSON.stringify(s).slice(1, -1).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
  const line = sampleLines()[0]
    .replace('"app_name":{"static":"legacy-sftp-sync"}', `"app_name":{"static":"${escape(APP)}"}`)
    .replace('"organization_name":{"static":"acme-prod"}', `"organization_name":{"static":"${escape(ORG)}"}`);
  await seed(request, F, Buffer.from(`${line}\n`));

  // every page is checked before the next one replaces it: a handler that ran on an earlier page leaves no trace later
  const neverRan = async (url: string) => {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), url).toBeUndefined();
    expect(await page.locator("img[src=x]").count(), url).toBe(0);
  };

  await page.goto(`/foundations/${F}/apps`);
  const table = page.getByRole("table", { name: "Apps" });
  await expect(table.getByRole("link", { name: APP })).toBeVisible();
  await expect(table).toContainText(ORG);
  await neverRan("app table");

  await page.goto(`/foundations/${F}/apps/${LEGACY_GUID}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(APP);
  await expect(page.getByText(ORG).first()).toBeVisible();
  // the copy-paste commands carry the names single-quoted, so a shell takes them as plain words
  await expect(page.getByText(`cf restage ${shellQuote(APP)} --strategy rolling`)).toBeVisible();
  await expect(page.getByText(`cf target -o=${shellQuote(ORG)} -s='payments'`).first()).toBeVisible();
  await neverRan("app page");

  await page.goto(`/foundations/${F}`);
  await expect(page.getByText(ORG).first()).toBeVisible();
  await neverRan("foundation page");
});
