import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite, sqliteDate } from "@/lib/db/sqlite";
import { migrate } from "../../scripts/migrate.mjs";
import { loadSeries, regressedAt } from "./load";

const dir = mkdtempSync(path.join(tmpdir(), "rr-progress-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T08:00:00Z");

describe("loadSeries", () => {
  it("reads a year of daily snapshots of 50k apps from the database as the sweep counts them", () => {
    const file = path.join(dir, "fleet.db");
    migrate({ dbPath: file, log: () => {} });
    const db = openSqlite(file);
    const days = 365;
    const apps = 50_000;
    db.transaction(() => {
      db.prepare(`INSERT INTO Foundation (id, name) VALUES (1, 'bench')`).run();
      const snap = db.prepare(
        `INSERT INTO Snapshot (foundationId, capturedMs, observedMs, contentHash, lrps, appLrps, otherDomains, privilegedLrps, privilegedInstances, apps, privilegedApps, warnings)
         VALUES (1, ?, '[]', ?, 0, 0, '{}', 0, 0, 0, 0, '[]')`,
      );
      for (let d = 0; d < days; d++) snap.run(T0 + d * DAY, `h${d}`);
      const app = db.prepare(`INSERT INTO App (id, foundationId, guid) VALUES (?, 1, ?)`);
      const span = db.prepare(
        `INSERT INTO AppSpan (foundationId, appGuid, fromMs, toMs, privileged, segment, instances, privilegedInstances, lrps, risks) VALUES (1, ?, ?, ?, ?, '', 1, 0, 1, 0)`,
      );
      const event = db.prepare(`INSERT INTO AppEvent (foundationId, appId, at, actor, action, fromStatus, toStatus) VALUES (1, ?, ?, 'ana', 'mark_restaged', 'untriaged', 'restaged')`);
      const last = T0 + (days - 1) * DAY;
      for (let i = 1; i <= apps; i++) {
        const guid = `app-${i}`;
        app.run(i, guid);
        if (i % 10 === 0) {
          // a tenth of the fleet starts privileged and is restaged and migrated on some day of the year
          const fixed = T0 + (1 + (i % (days - 1))) * DAY;
          span.run(guid, T0, fixed - DAY, 1);
          span.run(guid, fixed, last, 0);
          event.run(i, sqliteDate(new Date(fixed - DAY / 2)));
        } else span.run(guid, T0, last, i % 50 === 1 ? 1 : 0);
      }
    })();
    const points = loadSeries(db, 1);
    db.close();
    expect(points).toHaveLength(days);
    expect(points[0].privilegedApps).toBe(6000);
    expect(points[days - 1]).toMatchObject({ privilegedApps: 1000, statuses: { migrated: 5000, untriaged: 1000 } });
  });

  it("names the regressions of one snapshot from a few apps' history, as the whole series counts them", () => {
    const file = path.join(dir, "regressions.db");
    migrate({ dbPath: file, log: () => {} });
    const db = openSqlite(file);
    const days = 365;
    const apps = 50_000;
    const flip = 300;
    const last = T0 + (days - 1) * DAY;
    db.transaction(() => {
      db.prepare(`INSERT INTO Foundation (id, name) VALUES (1, 'bench')`).run();
      const snap = db.prepare(
        `INSERT INTO Snapshot (id, foundationId, capturedMs, observedMs, contentHash, lrps, appLrps, otherDomains, privilegedLrps, privilegedInstances, apps, privilegedApps, warnings)
         VALUES (?, 1, ?, '[]', ?, 0, 0, '{}', 0, 0, 0, 0, '[]')`,
      );
      for (let d = 0; d < days; d++) snap.run(d + 1, T0 + d * DAY, `h${d}`);
      const app = db.prepare(`INSERT INTO App (id, foundationId, guid) VALUES (?, 1, ?)`);
      const span = db.prepare(
        `INSERT INTO AppSpan (foundationId, appGuid, fromMs, toMs, privileged, segment, instances, privilegedInstances, lrps, risks) VALUES (1, ?, ?, ?, ?, '', 1, 0, 1, 0)`,
      );
      const event = db.prepare(`INSERT INTO AppEvent (foundationId, appId, at, actor, action, fromStatus, toStatus) VALUES (1, ?, ?, 'ana', 'start_test', 'untriaged', 'testing')`);
      for (let i = 1; i <= apps; i++) {
        const guid = `app-${i}`;
        app.run(i, guid);
        if (i % 10 === 0) {
          // a tenth of the fleet is fixed early and rescaled every other week (a new span each time), then half of it
          // runs privileged again on the day the platform's flag flips back
          const fixed = 1 + (i % 100);
          span.run(guid, T0, T0 + (fixed - 1) * DAY, 1);
          event.run(i, sqliteDate(new Date(T0 + DAY / 2)));
          for (let d = fixed; d < flip; d += 14) span.run(guid, T0 + d * DAY, T0 + (Math.min(d + 14, flip) - 1) * DAY, 0);
          span.run(guid, T0 + flip * DAY, last, i % 20 === 0 ? 1 : 0);
        } else span.run(guid, T0, last, i % 50 === 1 ? 1 : 0);
      }
    })();
    // with an app privileged all year, one never privileged and one still migrated: none of them regressed
    const candidates = ["app-1", "app-2", "app-10", ...Array.from({ length: apps / 20 }, (_, i) => `app-${(i + 1) * 20}`)];
    const regressed = regressedAt(db, 1, flip + 1, candidates);
    const point = loadSeries(db, 1)[flip];
    db.close();
    expect(regressed).toHaveLength(2500);
    expect(regressed).not.toContain("app-1");
    expect(point.regressions).toBe(regressed.length);
  });
});
