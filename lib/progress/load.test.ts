import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqlite, sqliteDate } from "@/lib/db/sqlite";
import { migrate } from "../../scripts/migrate.mjs";
import { loadSeries } from "./load";

const dir = mkdtempSync(path.join(tmpdir(), "rr-progress-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const T0 = Date.parse("2026-01-01T08:00:00Z");

describe("loadSeries", () => {
  it("reads a year of daily snapshots of 50k apps in well under a second", () => {
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
    const t0 = performance.now();
    const points = loadSeries(db, 1);
    const ms = performance.now() - t0;
    db.close();
    expect(points).toHaveLength(days);
    expect(points[0].privilegedApps).toBe(6000);
    expect(points[days - 1]).toMatchObject({ privilegedApps: 1000, statuses: { migrated: 5000, untriaged: 1000 } });
    expect(ms).toBeLessThan(1500);
  });
});
