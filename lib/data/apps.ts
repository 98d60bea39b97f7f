import "server-only";
import { notFound } from "@/lib/api/errors";
import { prisma } from "@/lib/db/prisma";
import { readDb } from "@/lib/db/sqlite";
import { riskNames } from "@/lib/ingest/lrp-row";
import type { AppDetailDto, AppItemDto, AppListDto, AppListQuery, LrpDto, ProcessDto } from "@/lib/schemas/app";
import { requireFoundation, type FoundationRef } from "./foundations";
import { iso } from "./time";

interface ItemRow {
  guid: string;
  name: string | null;
  status: string | null;
  regression: number;
  privileged: number;
  orgGuid: string | null;
  orgName: string | null;
  spaceGuid: string | null;
  spaceName: string | null;
  segment: string;
  instances: number;
  risks: number;
  toMs: number;
}

const SORT_SQL: Record<AppListQuery["sort"], string> = {
  name: "COALESCE(a.name, a.guid) COLLATE NOCASE",
  org: "COALESCE(o.name, s.orgGuid) COLLATE NOCASE",
  space: "COALESCE(sp.name, s.spaceGuid) COLLATE NOCASE",
  instances: "s.instances",
  status: "a.status",
};

const SELECT_ITEM = `SELECT a.guid, a.name, a.status, a.regression, s.privileged, s.orgGuid, o.name AS orgName, s.spaceGuid,
  sp.name AS spaceName, s.segment, s.instances, s.risks, s.toMs`;

const JOINS = `JOIN App a ON a.foundationId = s.foundationId AND a.guid = s.appGuid
  LEFT JOIN Org o ON o.foundationId = s.foundationId AND o.guid = s.orgGuid
  LEFT JOIN Space sp ON sp.foundationId = s.foundationId AND sp.guid = s.spaceGuid`;

/** Spans that describe the apps listed: the latest snapshot's, or each gone app's last one. */
function spanScope(status: string | undefined): string {
  return status === "gone"
    ? `s.toMs = (SELECT MAX(l.toMs) FROM AppSpan l WHERE l.foundationId = s.foundationId AND l.appGuid = s.appGuid) AND a.status = 'gone'`
    : `s.toMs = @latest`;
}

const likeEscape = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function processesOf(f: FoundationRef, rows: { guid: string; toMs: number }[]): Map<string, ProcessDto[]> {
  const out = new Map<string, ProcessDto[]>();
  if (rows.length === 0) return out;
  const lrps = readDb()
    .prepare(
      `SELECT appGuid, processType AS type, COUNT(*) AS lrps, SUM(instances) AS instances, MAX(privileged) AS privileged
       FROM LrpSpan WHERE foundationId = ? AND toMs = ? AND appGuid IN (SELECT value FROM json_each(?))
       GROUP BY appGuid, processType ORDER BY appGuid, processType = 'web' DESC, processType`,
    );
  const byToMs = new Map<number, string[]>();
  for (const r of rows) byToMs.set(r.toMs, [...(byToMs.get(r.toMs) ?? []), r.guid]);
  for (const [toMs, guids] of byToMs) {
    for (const p of lrps.all(f.id, toMs, JSON.stringify(guids)) as (Omit<ProcessDto, "privileged"> & { appGuid: string; privileged: number })[]) {
      const list = out.get(p.appGuid) ?? [];
      list.push({ type: p.type, lrps: p.lrps, instances: p.instances, privileged: !!p.privileged });
      out.set(p.appGuid, list);
    }
  }
  return out;
}

function toItem(r: ItemRow, processes: ProcessDto[]): AppItemDto {
  return {
    guid: r.guid,
    name: r.name ?? r.guid,
    org: { guid: r.orgGuid, name: r.orgName ?? r.orgGuid },
    space: { guid: r.spaceGuid, name: r.spaceName ?? r.spaceGuid },
    privileged: !!r.privileged,
    status: r.status,
    regression: !!r.regression,
    segment: r.segment || "shared",
    instances: r.instances,
    processes,
    risks: riskNames(r.risks),
  };
}

/** The app table: every filter of the API contract, sorted and paginated in SQL. */
export async function listApps(foundation: string, q: AppListQuery): Promise<AppListDto> {
  const f = await requireFoundation(foundation);
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  if (f.latestMs === null) return empty;
  const where = [`s.foundationId = @f`, spanScope(q.status)];
  const params: Record<string, unknown> = { f: f.id, latest: f.latestMs };
  if (q.privileged !== undefined) {
    where.push(`s.privileged = @privileged`);
    params.privileged = q.privileged ? 1 : 0;
  }
  if (q.org) {
    where.push(`(s.orgGuid = @org OR o.name = @org)`);
    params.org = q.org;
  }
  if (q.space) {
    where.push(`(s.spaceGuid = @space OR sp.name = @space)`);
    params.space = q.space;
  }
  if (q.segment) {
    where.push(`s.segment = @segment`);
    params.segment = q.segment === "shared" ? "" : q.segment;
  }
  if (q.status && q.status !== "gone") {
    where.push(`a.status = @status`);
    params.status = q.status;
  }
  if (q.risk) where.push(`s.risks != 0`);
  if (q.q) {
    // LIKE is case-insensitive for ASCII in SQLite
    where.push(
      `(COALESCE(a.name, a.guid) LIKE @q ESCAPE '\\' OR COALESCE(o.name, s.orgGuid, '') LIKE @q ESCAPE '\\' OR COALESCE(sp.name, s.spaceGuid, '') LIKE @q ESCAPE '\\')`,
    );
    params.q = likeEscape(q.q);
  }
  const db = readDb();
  const whereSql = where.join(" AND ");
  const dir = q.dir === "desc" ? "DESC" : "ASC";
  // the total comes with the page (one pass over the matching apps instead of two)
  const rows = db
    .prepare(
      `${SELECT_ITEM}, COUNT(*) OVER () AS total FROM AppSpan s ${JOINS} WHERE ${whereSql}
       ORDER BY ${SORT_SQL[q.sort]} ${dir}, a.guid ${dir} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as (ItemRow & { total: number })[];
  const total =
    rows[0]?.total ?? (q.page > 1 ? (db.prepare(`SELECT COUNT(*) FROM AppSpan s ${JOINS} WHERE ${whereSql}`).pluck().get(params) as number) : 0);
  const processes = processesOf(f, rows);
  return { items: rows.map((r) => toItem(r, processes.get(r.guid) ?? [])), total, page: q.page, pageSize: q.pageSize };
}

/** One app: the list item, its LRPs in the latest snapshot, its history over every snapshot and its events. */
export async function getApp(foundation: string, guid: string): Promise<AppDetailDto> {
  const f = await requireFoundation(foundation);
  const db = readDb();
  const row = db
    .prepare(`${SELECT_ITEM} FROM AppSpan s ${JOINS} WHERE s.foundationId = ? AND s.appGuid = ? ORDER BY s.toMs DESC LIMIT 1`)
    .get(f.id, guid) as ItemRow | undefined;
  if (!row) throw notFound("app");
  const processes = processesOf(f, [row]).get(guid) ?? [];
  const lrpRows = db
    .prepare(
      `SELECT processGuid, processType, instances, memoryMb, diskMb, rootfs, privileged, placementTags, hints
       FROM LrpSpan WHERE foundationId = ? AND appGuid = ? AND toMs = ? ORDER BY processType = 'web' DESC, processType, processGuid`,
    )
    .all(f.id, guid, row.toMs) as (Omit<LrpDto, "privileged" | "placementTags"> & { privileged: number; placementTags: string; hints: string })[];
  const present = row.toMs === f.latestMs;
  const lrps: LrpDto[] = present
    ? lrpRows.map((l) => ({
        processGuid: l.processGuid,
        processType: l.processType,
        instances: l.instances,
        memoryMb: l.memoryMb,
        diskMb: l.diskMb,
        rootfs: l.rootfs,
        privileged: !!l.privileged,
        placementTags: JSON.parse(l.placementTags) as string[],
      }))
    : [];
  const hints = new Map<string, { kind: string; keyword: string }>();
  for (const l of lrpRows) for (const h of JSON.parse(l.hints) as { kind: string; keyword: string }[]) hints.set(`${h.kind}:${h.keyword}`, h);

  const spans = db
    .prepare(`SELECT fromMs, toMs, privileged FROM AppSpan WHERE foundationId = ? AND appGuid = ? ORDER BY fromMs`)
    .all(f.id, guid) as { fromMs: number; toMs: number; privileged: number }[];
  const snapshots = await prisma.snapshot.findMany({ where: { foundationId: f.id }, orderBy: { capturedMs: "asc" }, select: { id: true, capturedMs: true } });
  const history = snapshots.map((s) => {
    const t = Number(s.capturedMs);
    const span = spans.find((sp) => sp.fromMs <= t && t <= sp.toMs);
    return { snapshotId: String(s.id), capturedAt: iso(t), present: !!span, privileged: !!span?.privileged };
  });
  const events = await prisma.appEvent.findMany({
    where: { foundationId: f.id, app: { guid } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 200,
  });
  const item = toItem(row, present ? processes : []);
  return {
    ...item,
    instances: present ? item.instances : 0,
    lrps,
    riskHints: [...hints.values()],
    history,
    events: events.map((e) => ({
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      snapshotId: e.snapshotId === null ? null : String(e.snapshotId),
    })),
  };
}
