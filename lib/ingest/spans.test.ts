import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { migrate } from "../../scripts/migrate.mjs";
import { FOLD_TABLES } from "./fold";
import { APP_SPANS, bindNamed, LRP_SPANS, spanMergeStatements, spanRemoveStatements, type SpanSpec } from "./spans";
import { closeStaging, openStaging, STAGE_LRP_TABLE } from "./staging";

let dir: string;
let db: Sqlite;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "rr-spans-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "test.db")}`;
  migrate({ log: () => {} });
  db = openSqlite();
  // a staging file as the writer sees it: LRPs and the per-app fold
  closeStaging(openStaging(path.join(dir, "stage.db")));
  db.prepare(`ATTACH DATABASE ? AS stage`).run(path.join(dir, "stage.db"));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const STAGES: [SpanSpec, string][] = [
  [LRP_SPANS, `stage.${STAGE_LRP_TABLE}`],
  [APP_SPANS, `stage.${FOLD_TABLES.apps}`],
];
const LANDINGS = [
  { p: 1, n: null },
  { p: null, n: 3 },
  { p: 1, n: 3 },
];

/** EXPLAIN QUERY PLAN rows of a statement that touch a span table (by name or by one of the aliases the statements use). */
function spanPlanRows(sql: string, spec: SpanSpec): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(bindNamed(sql, { f: 1, t: 2, p: 1, n: 3 })) as { detail: string }[];
  const names = [spec.table, "a", "r", "l"].join("|");
  return rows.map((r) => r.detail).filter((d) => new RegExp(`^(SCAN|SEARCH) (${names})\\b`).test(d));
}

describe("span merging at fleet scale", () => {
  // A full scan of a span table inside a statement that runs per staged row made the next day's dump of a
  // 50k-LRP foundation take 90 s: every lookup of history must go through an index.
  for (const [spec, stage] of STAGES) {
    for (const landing of LANDINGS) {
      it(`reads ${spec.table} only through indexes when a snapshot lands with p=${landing.p} n=${landing.n}`, () => {
        const statements = spanMergeStatements(spec, stage, landing);
        expect(statements.length).toBeGreaterThan(1);
        for (const sql of statements) {
          for (const row of spanPlanRows(sql, spec)) expect(row, sql).toMatch(/^SEARCH .* USING (INTEGER PRIMARY KEY|(COVERING )?INDEX)/);
        }
      });
      it(`reads ${spec.table} only through indexes when a snapshot is deleted with p=${landing.p} n=${landing.n}`, () => {
        for (const sql of spanRemoveStatements(spec, landing)) {
          // the scratch table the later statements read must exist to be planned
          if (sql.startsWith("CREATE")) db.exec(sql);
          for (const row of spanPlanRows(sql, spec)) expect(row, sql).toMatch(/^SEARCH .* USING (INTEGER PRIMARY KEY|(COVERING )?INDEX)/);
        }
      });
    }
    it(`matches staged ${spec.table} rows to history by key and time, not by time alone`, () => {
      const lookups = spanMergeStatements(spec, stage, { p: 1, n: 3 }).filter((s) => /SET (leftId|rightId|done)/.test(s));
      expect(lookups).toHaveLength(3);
      for (const sql of lookups) {
        const rows = spanPlanRows(sql, spec);
        expect(rows.join("\n"), sql).toMatch(new RegExp(`USING INDEX ${spec.table}_foundationId_${spec.key}_(from|to)Ms_idx \\(foundationId=\\? AND ${spec.key}=\\?`));
      }
    });
  }
});
