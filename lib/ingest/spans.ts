// Runs inside the writer worker: relative imports only (compiled to CommonJS).
import type { Sqlite } from "../db/sqlite";

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

/**
 * The (foundationId, key, fromMs) and (foundationId, key, toMs) indexes of prisma/schema.prisma, by Prisma's
 * naming rule. Every lookup that matches a staged row to history names one with INDEXED BY: the planner may
 * otherwise pick (foundationId, toMs, …) and scan every span at that time once per staged row, which made a
 * next-day upload of 50k LRPs take 90 s. INDEXED BY fails loudly if the index is ever missing.
 */
const byFrom = (spec: SpanSpec) => `${spec.table}_foundationId_${spec.key}_fromMs_idx`;
const byTo = (spec: SpanSpec) => `${spec.table}_foundationId_${spec.key}_toMs_idx`;

/** `a` and `b` describe the same thing in the same state (IS: NULL equals NULL). */
export const sameState = (spec: SpanSpec, a: string, b: string) =>
  [`${a}.${spec.key} = ${b}.${spec.key}`, ...spec.cols.map((c) => `${a}.${c} IS ${b}.${c}`)].join(" AND ");

/** Where the new snapshot lands: `p` and `n` are the capture times of its neighbours, null at either end. */
export interface Landing {
  t: number;
  p: number | null;
  n: number | null;
}

/**
 * The statements that add a snapshot taken at `t` to a span table, in order. Spans run over consecutive
 * snapshots by capturedAt, so a snapshot may land after the latest (the daily case), before the first, or
 * between `p` and `n` (a back-filled dump): a span covering the gap is split where the new snapshot differs,
 * and a state equal to its neighbour's extends that span, joining the spans on both sides when both match.
 * Set-based, and linear: each staged row is matched to history by key and time through an index.
 * `stage` holds every cf-apps LRP (or app) of the dump, so one pass sees all of them.
 */
export function spanMergeStatements(spec: SpanSpec, stage: string, { p, n }: Omit<Landing, "t">): string[] {
  const { table, key, cols } = spec;
  const colList = cols.join(", ");
  const stageHas = (alias: string) => `SELECT 1 FROM ${stage} s WHERE ${sameState(spec, "s", alias)}`;
  const out: string[] = [];
  if (p !== null && n !== null) {
    // spans that run across the gap where the new snapshot lands (found from the later end: few spans end after n)
    const covering = `foundationId = @f AND toMs >= @n AND fromMs <= @p`;
    out.push(
      `UPDATE ${stage} AS st SET done = 1 WHERE EXISTS (SELECT 1 FROM ${table} a INDEXED BY ${byTo(spec)}
         WHERE a.foundationId = @f AND a.${key} = st.${key} AND a.toMs >= @n AND a.fromMs <= @p AND ${sameState(spec, "a", "st")})`,
      `INSERT INTO ${table} (foundationId, ${key}, ${colList}, fromMs, toMs)
       SELECT foundationId, ${key}, ${colList}, @n, toMs FROM ${table} a WHERE ${covering} AND NOT EXISTS (${stageHas("a")})`,
      `UPDATE ${table} AS a SET toMs = @p WHERE ${covering} AND NOT EXISTS (${stageHas("a")})`,
    );
  }
  if (p !== null) {
    out.push(
      `UPDATE ${stage} AS st SET leftId = (SELECT a.id FROM ${table} a INDEXED BY ${byTo(spec)}
         WHERE a.foundationId = @f AND a.${key} = st.${key} AND a.toMs = @p AND ${sameState(spec, "a", "st")})
       WHERE done = 0`,
    );
  }
  if (n !== null) {
    out.push(
      `UPDATE ${stage} AS st SET rightId = (SELECT a.id FROM ${table} a INDEXED BY ${byFrom(spec)}
         WHERE a.foundationId = @f AND a.${key} = st.${key} AND a.fromMs = @n AND ${sameState(spec, "a", "st")})
       WHERE done = 0`,
      // the new snapshot bridges a span ending at p and one starting at n: the left one takes over the right one's end
      `UPDATE ${table} AS a SET toMs = j.toMs FROM (SELECT s.leftId, r.toMs FROM ${stage} s JOIN ${table} r ON r.id = s.rightId
         WHERE s.leftId IS NOT NULL) AS j WHERE a.id = j.leftId`,
      `DELETE FROM ${table} WHERE id IN (SELECT rightId FROM ${stage} WHERE leftId IS NOT NULL AND rightId IS NOT NULL)`,
      `UPDATE ${table} SET fromMs = @t WHERE id IN (SELECT rightId FROM ${stage} WHERE rightId IS NOT NULL AND leftId IS NULL)`,
    );
  }
  out.push(
    `UPDATE ${table} SET toMs = @t WHERE id IN (SELECT leftId FROM ${stage} WHERE leftId IS NOT NULL AND rightId IS NULL)`,
    `INSERT INTO ${table} (foundationId, ${key}, ${colList}, fromMs, toMs)
     SELECT @f, ${key}, ${colList}, @t, @t FROM ${stage} WHERE done = 0 AND leftId IS NULL AND rightId IS NULL`,
  );
  return out;
}

/** Binds only the parameters a statement names (better-sqlite3 refuses unused named parameters). */
export function bindNamed(sql: string, all: Record<string, number | null>): Record<string, number | null> {
  return Object.fromEntries(Object.entries(all).filter(([k]) => new RegExp(`@${k}\\b`).test(sql)));
}

export function mergeSpans(db: Sqlite, spec: SpanSpec, stage: string, foundationId: number, at: Landing): void {
  const params = { f: foundationId, t: at.t, p: at.p, n: at.n };
  for (const sql of spanMergeStatements(spec, stage, at)) db.prepare(sql).run(bindNamed(sql, params));
}

/**
 * The statements that take the snapshot at `t` out of a span table, as if it had never been uploaded:
 * spans of that snapshot alone go, spans that began or ended there begin at `n` or end at `p`, and spans
 * on both sides that it alone kept apart (same key, same state) are joined again.
 */
export function spanRemoveStatements(spec: SpanSpec, { p, n }: Omit<Landing, "t">): string[] {
  const { table, key } = spec;
  const out = [`DELETE FROM ${table} WHERE foundationId = @f AND fromMs = @t AND toMs = @t`];
  if (n !== null) out.push(`UPDATE ${table} SET fromMs = @n WHERE foundationId = @f AND fromMs = @t`);
  if (p !== null) out.push(`UPDATE ${table} SET toMs = @p WHERE foundationId = @f AND toMs = @t`);
  if (p !== null && n !== null) {
    const pairs = `SELECT l.id AS leftId, r.id AS rightId, r.toMs FROM ${table} l
      JOIN ${table} r INDEXED BY ${byFrom(spec)} ON r.foundationId = l.foundationId AND r.${key} = l.${key} AND r.fromMs = @n AND ${sameState(spec, "r", "l")}
      WHERE l.foundationId = @f AND l.toMs = @p`;
    out.push(
      `CREATE TEMP TABLE IF NOT EXISTS span_join (leftId INTEGER PRIMARY KEY, rightId INTEGER, toMs INTEGER)`,
      `DELETE FROM temp.span_join`,
      `INSERT INTO temp.span_join ${pairs}`,
      `UPDATE ${table} SET toMs = (SELECT j.toMs FROM temp.span_join j WHERE j.leftId = ${table}.id) WHERE id IN (SELECT leftId FROM temp.span_join)`,
      `DELETE FROM ${table} WHERE id IN (SELECT rightId FROM temp.span_join)`,
      `DELETE FROM temp.span_join`,
    );
  }
  return out;
}

export function removeFromSpans(db: Sqlite, spec: SpanSpec, foundationId: number, at: Landing): void {
  const params = { f: foundationId, t: at.t, p: at.p, n: at.n };
  for (const sql of spanRemoveStatements(spec, at)) db.prepare(sql).run(bindNamed(sql, params));
}
