import type { Sqlite } from "@/lib/db/sqlite";

export interface SpanSpec {
  table: "AppSpan" | "LrpSpan";
  key: "appGuid" | "processGuid";
  /** state columns besides the key; a staging table has them too, plus `done`, `leftId` and `rightId` */
  cols: readonly string[];
}

export const APP_SPANS: SpanSpec = {
  table: "AppSpan",
  key: "appGuid",
  cols: ["privileged", "orgGuid", "spaceGuid", "segment", "instances", "privilegedInstances", "lrps", "risks"],
};

export const LRP_SPANS: SpanSpec = {
  table: "LrpSpan",
  key: "processGuid",
  cols: ["appGuid", "processType", "instances", "memoryMb", "diskMb", "rootfs", "privileged", "placementTags", "annotation", "hints"],
};

/** `a` and `b` describe the same thing in the same state (IS: NULL equals NULL). */
const sameState = (spec: SpanSpec, a: string, b: string) =>
  [`${a}.${spec.key} = ${b}.${spec.key}`, ...spec.cols.map((c) => `${a}.${c} IS ${b}.${c}`)].join(" AND ");

/**
 * Adds a snapshot taken at `t` to a span table. Spans run over consecutive snapshots by capturedAt, so a
 * snapshot may land after the latest (the usual case), before the first, or between `p` and `n` (a
 * back-filled dump): a span covering the gap is split where the new snapshot differs, and a state equal to
 * its neighbour's extends that span, joining the spans on both sides when both match.
 * Set-based SQL against the staging table: a few statements whatever the number of LRPs.
 */
export function mergeSpans(db: Sqlite, spec: SpanSpec, stage: string, foundationId: number, t: number, p: number | null, n: number | null) {
  const { table, key, cols } = spec;
  const colList = cols.join(", ");
  const stageHas = (alias: string) => `SELECT 1 FROM ${stage} s WHERE ${sameState(spec, "s", alias)}`;

  if (p !== null && n !== null) {
    // spans that run across the gap where the new snapshot lands
    const covering = `foundationId = @f AND fromMs <= @p AND toMs >= @n`;
    db.prepare(
      `UPDATE ${stage} SET done = 1 WHERE EXISTS (SELECT 1 FROM ${table} a WHERE a.foundationId = @f
         AND a.fromMs <= @p AND a.toMs >= @n AND ${sameState(spec, "a", stage)})`,
    ).run({ f: foundationId, p, n });
    db.prepare(
      `INSERT INTO ${table} (foundationId, ${key}, ${colList}, fromMs, toMs)
       SELECT foundationId, ${key}, ${colList}, @n, toMs FROM ${table} a WHERE ${covering} AND NOT EXISTS (${stageHas("a")})`,
    ).run({ f: foundationId, p, n });
    db.prepare(`UPDATE ${table} SET toMs = @p WHERE ${covering} AND NOT EXISTS (${stageHas(table)})`).run({ f: foundationId, p, n });
  }
  if (p !== null) {
    db.prepare(
      `UPDATE ${stage} SET leftId = (SELECT a.id FROM ${table} a WHERE a.foundationId = @f AND a.toMs = @p AND ${sameState(spec, "a", stage)})
       WHERE done = 0`,
    ).run({ f: foundationId, p });
  }
  if (n !== null) {
    db.prepare(
      `UPDATE ${stage} SET rightId = (SELECT a.id FROM ${table} a WHERE a.foundationId = @f AND a.fromMs = @n AND ${sameState(spec, "a", stage)})
       WHERE done = 0`,
    ).run({ f: foundationId, n });
    db.prepare(
      `UPDATE ${table} SET toMs = (SELECT r.toMs FROM ${table} r JOIN ${stage} s ON s.rightId = r.id WHERE s.leftId = ${table}.id)
       WHERE id IN (SELECT leftId FROM ${stage} WHERE leftId IS NOT NULL AND rightId IS NOT NULL)`,
    ).run();
    db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT rightId FROM ${stage} WHERE leftId IS NOT NULL AND rightId IS NOT NULL)`).run();
    db.prepare(`UPDATE ${table} SET fromMs = @t WHERE id IN (SELECT rightId FROM ${stage} WHERE rightId IS NOT NULL AND leftId IS NULL)`).run({ t });
  }
  db.prepare(`UPDATE ${table} SET toMs = @t WHERE id IN (SELECT leftId FROM ${stage} WHERE leftId IS NOT NULL AND rightId IS NULL)`).run({ t });
  db.prepare(
    `INSERT INTO ${table} (foundationId, ${key}, ${colList}, fromMs, toMs)
     SELECT @f, ${key}, ${colList}, @t, @t FROM ${stage} WHERE done = 0 AND leftId IS NULL AND rightId IS NULL`,
  ).run({ f: foundationId, t });
}
