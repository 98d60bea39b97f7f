import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test, type APIResponse } from "@playwright/test";
import { sampleLines } from "./helpers";
import { E2E_DB, E2E_LOG } from "./server-files";

/**
 * Dumps carry credentials. This plants one unique secret in every secret-bearing field of a dump and proves
 * that no byte of it reaches the database file (with its WAL), the server log, or any API response or page.
 */
const CANARY = `CANARY-${Date.now().toString(36)}-9f3e1d`;
const F = "canary-fleet";

type Json = Record<string, unknown>;
const secretEnv = [
  { name: "VCAP_SERVICES", value: JSON.stringify({ "user-provided": [{ label: "user-provided", credentials: { password: CANARY } }] }) },
  { name: "VCAP_APPLICATION", value: JSON.stringify({ application_name: "x", uris: [CANARY] }) },
  { name: "DB_PASSWORD", value: CANARY },
];

function plant(line: string): string {
  const o = JSON.parse(line) as Json;
  const actions = ((o.action as Json).codependent as Json).actions as Json[];
  for (const a of actions) {
    const run = a.run as Json;
    if (String(run.path).endsWith("/launcher")) {
      run.args = ["app", `./start --password=${CANARY}`, JSON.stringify({ start_command: CANARY })];
      run.env = [...((run.env as Json[]) ?? []), ...secretEnv];
    }
    run.volume_mounted_files = [{ path: "/etc/secret", content: CANARY }];
  }
  actions.push({
    run: {
      path: "/tmp/lifecycle/diego-sshd",
      args: ["-address=0.0.0.0:2222", `-hostKey=${CANARY}`, `-authorizedKey=ssh-rsa ${CANARY}`, "-inheritDaemonEnv"],
      env: secretEnv,
      user: "vcap",
      log_source: "CELL/SSHD",
      suppress_log_output: false,
      volume_mounted_files: null,
    },
  });
  o.env = [...((o.env as Json[]) ?? []), ...secretEnv];
  o.routes = { ...((o.routes as Json) ?? {}), "diego-ssh": { container_port: 2222, private_key: CANARY, host_fingerprint: CANARY } };
  o.image_username = CANARY;
  o.image_password = CANARY;
  o.volume_mounted_files = [{ path: "/etc/cf-secret", content: CANARY }];
  return JSON.stringify(o);
}

const dump = () => sampleLines().map(plant).join("\n") + "\n";

async function clean(res: APIResponse, status?: number) {
  const body = await res.text();
  if (status !== undefined) expect(res.status(), body).toBe(status);
  expect(body, `${res.url()} leaks the canary`).not.toContain(CANARY);
  return body;
}

test("planted secrets never reach the database, the log, API responses or pages", async ({ request, page }) => {
  // the canary really is in every secret-bearing field it should be
  expect(dump().split(CANARY).length - 1).toBeGreaterThanOrEqual(3 * 15);

  await clean(await request.post(`/api/foundations/${F}/snapshots?capturedAt=2026-11-01T00:00:00Z`, { data: Buffer.from(dump()) }), 201);
  await clean(await request.post(`/api/foundations/${F}/snapshots?capturedAt=2026-11-02T00:00:00Z`, { data: gzipSync(dump()) }), 200);
  await clean(
    await request.post(`/api/foundations/${F}-multipart/snapshots`, {
      multipart: { file: { name: "lrps.ndjson", mimeType: "application/octet-stream", buffer: Buffer.from(dump()) } },
    }),
    201,
  );
  // a malformed line that itself carries the secret: the 422 names the line, never its content
  const bad = `${plant(sampleLines()[0])}\n{"process_guid":"${CANARY}", "privileged": ${CANARY}}\n`;
  const rejected = await clean(await request.post(`/api/foundations/${F}/snapshots`, { data: Buffer.from(bad) }), 422);
  expect(JSON.parse(rejected)).toMatchObject({ line: 2 });
  await clean(await request.post(`/api/foundations/${F}/snapshots`, { data: gzipSync(bad).subarray(0, 200) }), 422);

  await clean(await request.get("/api/foundations"), 200);
  await clean(await request.get(`/api/foundations/${F}/orgs`), 200);
  await clean(await request.get(`/api/foundations/${F}/snapshots`), 200);
  const apps = JSON.parse(await clean(await request.get(`/api/foundations/${F}/apps?pageSize=500`), 200)) as { items: { guid: string }[] };
  expect(apps.items.length).toBe(3);
  for (const app of apps.items) {
    await clean(await request.get(`/api/foundations/${F}/apps/${app.guid}`), 200);
    await page.goto(`/foundations/${F}/apps/${app.guid}`);
    expect(await page.content()).not.toContain(CANARY);
  }
  for (const url of ["/", `/foundations/${F}`, `/foundations/${F}/apps`]) {
    await page.goto(url);
    await page.waitForLoadState("networkidle");
    expect(await page.content(), `${url} leaks the canary`).not.toContain(CANARY);
  }

  // at rest: the database file and its WAL, scratch files left behind, and the server's log
  for (const file of [E2E_DB, `${E2E_DB}-wal`, E2E_LOG]) {
    if (!existsSync(file)) continue;
    expect(readFileSync(file).includes(Buffer.from(CANARY)), `${file} contains the canary`).toBe(false);
  }
  const staging = path.join(path.dirname(E2E_DB), "staging");
  for (const f of existsSync(staging) ? readdirSync(staging) : []) {
    expect(readFileSync(path.join(staging, f)).includes(Buffer.from(CANARY)), `${f} contains the canary`).toBe(false);
  }
  expect(existsSync(E2E_DB)).toBe(true);
  expect(readFileSync(E2E_LOG, "utf8")).toContain(`[ingest] ${F}`);
});
