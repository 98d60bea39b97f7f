import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIResponse } from "@playwright/test";
import { sample } from "./helpers";
import { E2E_DB, E2E_LOG } from "./server-files";

/**
 * A BOSH manifest carries credentials: a `properties` credential and, when vars are stored with it, a
 * `variables` value. One unique secret planted in both must never reach the database, the server log, an API
 * response, a generated ops file or a page, whether the manifest is accepted or refused.
 */
const CANARY = `CANARY-${Date.now().toString(36)}-b05h`;
const F = "readiness-canary";

const manifest = () =>
  readFileSync(path.join(import.meta.dirname, "fixtures", "cf-manifest.yml"), "utf8").replace(
    "db_encryption_key: ((cc_db_encryption_key))",
    `db_encryption_key: ${CANARY}\n        database_encryption: {keys: {primary: "${CANARY}"}}`,
  )
    // beside the flags the preview keeps (`cc.diego`, `garden`): only the flags may reach it
    .replace("use_privileged_containers_for_staging: false", `use_privileged_containers_for_staging: false\n          upload_password: ${CANARY}`)
    .replace("deny_networks: [0.0.0.0/0]", `deny_networks: [0.0.0.0/0]\n        tls_key: ${CANARY}`) + `variables:\n- name: cc_db_encryption_key\n  type: password\n  value: ${CANARY}\n`;

async function clean(res: APIResponse, status: number) {
  const body = await res.text();
  expect(res.status(), body).toBe(status);
  expect(body, `${res.url()} leaks the canary`).not.toContain(CANARY);
  return body;
}

test("a secret planted in a manifest never reaches the database, the log, API responses, ops files or pages", async ({ request, page }) => {
  expect(manifest().split(CANARY).length - 1).toBe(5);
  await clean(await request.post(`/api/foundations/${F}/snapshots`, { data: sample() }), 201);
  await clean(await request.post(`/api/foundations/${F}/manifests`, { data: Buffer.from(manifest()) }), 201);
  // the same bytes again: the stored manifest answers, nothing new is stored
  await clean(await request.post(`/api/foundations/${F}/manifests`, { multipart: { file: { name: "m.yml", mimeType: "text/yaml", buffer: Buffer.from(manifest()) } } }), 200);
  // refused: broken YAML and a wrong document that both carry the secret
  const refused = JSON.parse(await clean(await request.post(`/api/foundations/${F}/manifests`, { data: Buffer.from(`${manifest()}\nbad: [${CANARY}`) }), 422));
  expect(refused.error).toMatch(/not valid YAML/);
  await clean(await request.post(`/api/foundations/${F}/manifests`, { data: Buffer.from(`secret: ${CANARY}\n`) }), 422);
  await clean(await request.post(`/api/foundations/${F}/cc-apps`, { data: Buffer.from(`{"resources": [{"guid": "${CANARY}"}`) }), 422);

  const readiness = JSON.parse(await clean(await request.get(`/api/foundations/${F}/readiness`), 200));
  expect(readiness.verdict).toBe("blocked");
  await clean(await request.get(`/api/foundations/${F}/readiness/ops-files/cc-privileged-containers-off`), 200);
  expect(await clean(await request.get(`/api/foundations/${F}/readiness/ops-files/cc-privileged-containers-off?preview=1`), 200)).toContain("name: cc-worker");
  await clean(await request.get(`/api/foundations/${F}/cc-apps`), 200);
  await page.goto(`/foundations/${F}`);
  await expect(page.getByRole("list", { name: "Readiness checklist" })).toContainText("cloud_controller_ng");
  await page.locator("[data-preview='cc-privileged-containers-off'] summary").click();
  await expect(page.locator("[data-preview='cc-privileged-containers-off'] pre")).toContainText("use_privileged_containers_for_running: false");
  expect(await page.content()).not.toContain(CANARY);

  for (const file of [E2E_DB, `${E2E_DB}-wal`, E2E_LOG]) {
    if (!existsSync(file)) continue;
    expect(readFileSync(file).includes(Buffer.from(CANARY)), `${file} contains the canary`).toBe(false);
  }
  expect(readFileSync(E2E_LOG, "utf8")).toContain(`[manifest] ${F}`);
});
