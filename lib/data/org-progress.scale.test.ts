import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite, sqliteDate } from "@/lib/db/sqlite";
import { VIEWER } from "@/lib/testing/actors";
import { migrate } from "../../scripts/migrate.mjs";

// Org series at fleet scale, a measurement rather than a check (a minute and ~1 GB of disk churn):
//   RR_SCALE=1 npx vitest run lib/data/org-progress.scale.test.ts   (RR_SCALE_FOUNDATIONS=20 by default)
// Each foundation: 50k apps over 400 orgs (names shared across foundations, sizes skewed), a year of daily
// snapshots; a tenth of the apps privileged and migrated on some day, 2 % privileged all year.
const F = Number(process.env.RR_SCALE_FOUNDATIONS ?? 20);
const APPS = 50_000;
const DAYS = 365;
const ORGS = 400;
const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T08:00:00Z");

const dir = mkdtempSync(path.join(tmpdir(), "rr-org-scale-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generate() {
  migrate({ log: () => {} });
  const db = openSqlite();
  db.transaction(() => {
    const snap = db.prepare(
      `INSERT INTO Snapshot (foundationId, capturedMs, observedMs, contentHash, lrps, appLrps, otherDomains, privilegedLrps, privilegedInstances, apps, privilegedApps, warnings)
       VALUES (?, ?, '[]', ?, 0, 0, '{}', 0, 0, 0, 0, '[]')`,
    );
    const app = db.prepare(`INSERT INTO App (id, foundationId, guid, status) VALUES (?, ?, ?, ?)`);
    const org = db.prepare(`INSERT INTO Org (foundationId, guid, name) VALUES (?, ?, ?)`);
    const span = db.prepare(
      `INSERT INTO AppSpan (foundationId, appGuid, fromMs, toMs, privileged, orgGuid, segment, instances, privilegedInstances, lrps, risks) VALUES (?, ?, ?, ?, ?, ?, '', 1, 0, 1, 0)`,
    );
    const event = db.prepare(`INSERT INTO AppEvent (foundationId, appId, at, actor, action, fromStatus, toStatus) VALUES (?, ?, ?, 'ana', 'mark_restaged', 'untriaged', 'restaged')`);
    const last = T0 + (DAYS - 1) * DAY;
    let id = 0;
    for (let f = 1; f <= F; f++) {
      db.prepare(`INSERT INTO Foundation (id, name) VALUES (?, ?)`).run(f, `fleet-${String(f).padStart(2, "0")}`);
      for (let d = 0; d < DAYS; d++) snap.run(f, T0 + d * DAY, `h${f}-${d}`);
      for (let o = 0; o < ORGS; o++) org.run(f, `f${f}-org-${o}`, `org-${o}`);
      for (let i = 1; i <= APPS; i++) {
        const guid = `f${f}-app-${i}`;
        const orgGuid = `f${f}-org-${Math.floor(ORGS * Math.pow(((i * 7919) % APPS) / APPS, 2))}`;
        id++;
        if (i % 10 === 0) {
          const fixed = T0 + (1 + (i % (DAYS - 1))) * DAY;
          app.run(id, f, guid, "migrated");
          span.run(f, guid, T0, fixed - DAY, 1, orgGuid);
          span.run(f, guid, fixed, last, 0, orgGuid);
          event.run(f, id, sqliteDate(new Date(fixed - DAY / 2)));
        } else {
          const privileged = i % 50 === 1 ? 1 : 0;
          app.run(id, f, guid, privileged ? "untriaged" : null);
          span.run(f, guid, T0, last, privileged, orgGuid);
        }
      }
    }
  })();
  db.close();
}

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

async function median(label: string, fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label.padEnd(60)} median ${ms[runs >> 1]!.toFixed(0).padStart(5)} ms  (${ms.map((m) => m.toFixed(0)).join(", ")})`);
  return ms[runs >> 1]!;
}

describe.runIf(process.env.RR_SCALE)("org series at fleet scale", () => {
  it(`${F} foundations × ${APPS} apps × ${DAYS} daily snapshots`, async () => {
    let t = performance.now();
    generate();
    console.log(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s`);
    const { getFleetProgress } = await import("./progress");
    const { getOrgProgress } = await import("./org-progress");
    const ten = Array.from({ length: 10 }, (_, i) => `org-${i}`);
    const h0 = heapMb();
    t = performance.now();
    await getFleetProgress(VIEWER, { org: [] });
    const h1 = heapMb();
    console.log(`first read (every foundation's series and its inputs by org): ${(performance.now() - t).toFixed(0)} ms; heap kept +${(h1 - h0).toFixed(0)} MB`);
    t = performance.now();
    const first = await getFleetProgress(VIEWER, { org: ten });
    console.log(`then 10 org series: ${(performance.now() - t).toFixed(0)} ms; heap kept +${(heapMb() - h1).toFixed(0)} MB more`);
    expect(first.orgs[0]!.foundations).toHaveLength(F);
    await median("warm, no org series (as / asks)", () => getFleetProgress(VIEWER, { org: [] }));
    await median("warm, 10 org series", () => getFleetProgress(VIEWER, { org: ten }));
    await median("warm, default (top 10 of the roll-up)", () => getFleetProgress(VIEWER));
    await median("warm, /orgs/org-0", () => getOrgProgress(VIEWER, "org-0"));
    let k = 100;
    await median("10 orgs never asked before", () => getFleetProgress(VIEWER, { org: Array.from({ length: 10 }, () => `org-${k++}`) }));
    await median("/orgs/{an org never asked before}", () => getOrgProgress(VIEWER, `org-${k++}`));
    let n = 0;
    await median("10 org series after an event on one foundation", async () => {
      const w = openSqlite();
      w.prepare(`INSERT INTO AppEvent (foundationId, appId, at, actor, action, fromStatus, toStatus) VALUES (1, 2, ?, 'ana', 'start_test', 'untriaged', 'testing')`).run(
        new Date(T0 + 300 * DAY + ++n).toISOString(),
      );
      w.close();
      await getFleetProgress(VIEWER, { org: ten });
    });
    console.log(`heap kept after all: +${(heapMb() - h0).toFixed(0)} MB; 10 org series: ${(JSON.stringify(first.orgs).length / 1024).toFixed(0)} KB of JSON`);
  }, 900_000);
});
