import "server-only";
import { notFound } from "@/lib/api/errors";
import { readDb, sqliteDate } from "@/lib/db/sqlite";
import { riskNames } from "@/lib/ingest/lrp-row";
import type { Actor } from "@/lib/auth/permissions";
import { allowedActions, effectiveStatus } from "@/lib/migration/state-machine";
import { stateColumns, toState, type StateRow } from "@/lib/migration/store";
import type { AppDetailDto, AppItemDto, AppListDto, AppListQuery, LrpDto, ProcessDto } from "@/lib/schemas/app";
import { absentSinceMs, appIndex, dictionaryNames, isPresent, namesContaining, orderOf, type AppIndex, type Scope } from "./app-index";
import { requireFoundation, type FoundationRef } from "./foundations";
import { iso } from "./time";
import { recordLapsedWaivers } from "./workflow";
import { authorize } from "@/lib/auth/authorize";

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
  present: boolean;
  absentSinceMs: number | null;
}

const SELECT_ITEM = `SELECT a.guid, a.name, a.status, a.regression, s.privileged, s.orgGuid, o.name AS orgName, s.spaceGuid,
  sp.name AS spaceName, s.segment, s.instances, s.risks, s.toMs`;

const JOINS = `JOIN App a ON a.foundationId = s.foundationId AND a.guid = s.appGuid
  LEFT JOIN Org o ON o.foundationId = s.foundationId AND o.guid = s.orgGuid
  LEFT JOIN Space sp ON sp.foundationId = s.foundationId AND sp.guid = s.spaceGuid`;

/** The statements a list request runs besides its index's (lib/data/app-index.ts), for EXPLAIN QUERY PLAN in tests. */
export const LIST_SQL = {
  // `org` and `space` are a guid or an exact name: resolved over the few distinct guids the listed apps have
  orgIs: `SELECT j.key FROM json_each(@guids) j LEFT JOIN Org o ON o.foundationId = @f AND o.guid = j.value WHERE j.value = @v OR o.name = @v`,
  spaceIs: `SELECT j.key FROM json_each(@guids) j LEFT JOIN Space sp ON sp.foundationId = @f AND sp.guid = j.value WHERE j.value = @v OR sp.name = @v`,
  // org and space names are searched with SQL's own LIKE; app names in the index, to the same rules
  orgLike: `SELECT j.key FROM json_each(@guids) j LEFT JOIN Org o ON o.foundationId = @f AND o.guid = j.value
    WHERE COALESCE(o.name, j.value, '') LIKE @q ESCAPE '\\'`,
  spaceLike: `SELECT j.key FROM json_each(@guids) j LEFT JOIN Space sp ON sp.foundationId = @f AND sp.guid = j.value
    WHERE COALESCE(sp.name, j.value, '') LIKE @q ESCAPE '\\'`,
  // a page's apps by id; everything else of an item is in the index
  page: `SELECT j.key AS k, a.guid, a.name, a.regression FROM json_each(@ids) j CROSS JOIN App a ON a.id = j.value`,
  // as of an earlier capture: flagged by a "regressed" event up to then, unless a migration came after it
  pageAt: `SELECT j.key AS k, a.guid, a.name, COALESCE((SELECT e.action = 'regressed' FROM AppEvent e
      WHERE e.appId = a.id AND e.at <= @atDate AND (e.action = 'regressed' OR e.toStatus = 'migrated') ORDER BY e.at DESC, e.id DESC LIMIT 1), 0) AS regression
    FROM json_each(@ids) j CROSS JOIN App a ON a.id = j.value`,
  processes: `SELECT appGuid, processType AS type, COUNT(*) AS lrps, SUM(instances) AS instances, MAX(privileged) AS privileged
    FROM LrpSpan WHERE foundationId = @f AND toMs = @toMs AND appGuid IN (SELECT value FROM json_each(@guids))
    GROUP BY appGuid, processType ORDER BY appGuid, processType = 'web' DESC, processType`,
  // as of an earlier capture (time travel): the LRPs whose spans hold it
  processesAt: `SELECT appGuid, processType AS type, COUNT(*) AS lrps, SUM(instances) AS instances, MAX(privileged) AS privileged
    FROM LrpSpan WHERE foundationId = @f AND toMs >= @toMs AND appGuid IN (SELECT value FROM json_each(@guids)) AND fromMs <= @toMs
    GROUP BY appGuid, processType ORDER BY appGuid, processType = 'web' DESC, processType`,
  snapshotAt: `SELECT capturedMs FROM Snapshot WHERE id = @id AND foundationId = @f`,
} as const;

export const likeEscape = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Flags over a dictionary of the index: the entries that a statement returns (by `j.key`). */
function flags(size: number, sql: string, params: Record<string, unknown>): Uint8Array {
  const out = new Uint8Array(size);
  for (const i of readDb().prepare(sql).pluck().all(params) as number[]) out[i] = 1;
  return out;
}

const dictionaryFlags = <T>(values: T[], test: (v: T) => boolean) => Uint8Array.from(values, (v) => (test(v) ? 1 : 0));

/** The rows of the index a query lists (null: all of them) and their number. */
function select(index: AppIndex, q: AppListQuery): { listed: Uint8Array | null; total: number } {
  const f = index.foundationId;
  const { n } = index;
  const privileged = q.privileged === undefined ? -1 : q.privileged ? 1 : 0;
  const org = q.org ? flags(index.orgGuids.length, LIST_SQL.orgIs, { f, guids: JSON.stringify(index.orgGuids), v: q.org }) : null;
  const space = q.space ? flags(index.spaceGuids.length, LIST_SQL.spaceIs, { f, guids: JSON.stringify(index.spaceGuids), v: q.space }) : null;
  const segment = q.segment ? dictionaryFlags(index.segments, (s) => s === (q.segment === "shared" ? "" : q.segment)) : null;
  const status = q.status ? dictionaryFlags(index.statuses, (s) => s === q.status) : null;
  const risk = q.risk === true;

  let listed: Uint8Array | null = null;
  let total = n;
  if (privileged >= 0 || org || space || segment || status || risk) {
    listed = new Uint8Array(n);
    total = 0;
    for (let r = 0; r < n; r++) {
      if (privileged >= 0 && index.privileged[r] !== privileged) continue;
      if (org && org[index.org[r]!] !== 1) continue;
      if (space && space[index.space[r]!] !== 1) continue;
      if (segment && segment[index.segment[r]!] !== 1) continue;
      if (status && status[index.status[r]!] !== 1) continue;
      if (risk && index.risks[r] === 0) continue;
      listed[r] = 1;
      total++;
    }
  }
  if (!q.q) return { listed, total };

  const like = likeEscape(q.q);
  const byName = namesContaining(index, q.q);
  const byOrg = flags(index.orgGuids.length, LIST_SQL.orgLike, { f, guids: JSON.stringify(index.orgGuids), q: like });
  const bySpace = flags(index.spaceGuids.length, LIST_SQL.spaceLike, { f, guids: JSON.stringify(index.spaceGuids), q: like });
  const found = new Uint8Array(n);
  total = 0;
  for (let r = 0; r < n; r++) {
    if (listed && listed[r] !== 1) continue;
    if (byName[r] !== 1 && byOrg[index.org[r]!] !== 1 && bySpace[index.space[r]!] !== 1) continue;
    found[r] = 1;
    total++;
  }
  return { listed: found, total };
}

/** The rows of one page, in the query's order. */
function pageRows(index: AppIndex, q: AppListQuery, listed: Uint8Array | null): number[] {
  const order = orderOf(index, q.sort);
  const offset = (q.page - 1) * q.pageSize;
  const desc = q.dir === "desc";
  const page: number[] = [];
  let seen = 0;
  for (let k = 0; k < index.n && page.length < q.pageSize; k++) {
    const row = order[desc ? index.n - 1 - k : k]!;
    if (listed && listed[row] !== 1) continue;
    if (seen++ >= offset) page.push(row);
  }
  return page;
}

/**
 * The processes of apps as of the last capture of their rows' spans; `atMs` (time travel): as of that capture for
 * apps whose span holds it, since their LRPs' spans need not end with their app's.
 */
function processesOf(f: FoundationRef, rows: { guid: string; toMs: number }[], atMs: number | null = null): Map<string, ProcessDto[]> {
  const out = new Map<string, ProcessDto[]>();
  if (rows.length === 0) return out;
  const lrps = readDb().prepare(LIST_SQL.processes);
  const lrpsAt = readDb().prepare(LIST_SQL.processesAt);
  const byToMs = new Map<number, string[]>();
  for (const r of rows) {
    const toMs = atMs !== null && r.toMs >= atMs ? atMs : r.toMs;
    const guids = byToMs.get(toMs);
    if (guids) guids.push(r.guid);
    else byToMs.set(toMs, [r.guid]);
  }
  for (const [toMs, guids] of byToMs) {
    for (const p of (toMs === atMs ? lrpsAt : lrps).all({ f: f.id, toMs, guids: JSON.stringify(guids) }) as (Omit<ProcessDto, "privileged"> & { appGuid: string; privileged: number })[]) {
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
    present: r.present,
    absentSince: r.absentSinceMs === null ? null : iso(r.absentSinceMs),
  };
}

const SCOPE: Record<AppListQuery["present"], Scope> = { true: "latest", false: "absent", all: "all" };

/** The items of index rows, in the rows' order. */
function itemsOf(f: FoundationRef, index: AppIndex, rows: number[]): AppItemDto[] {
  const ids = JSON.stringify(rows.map((r) => index.appId[r]));
  const apps = (
    index.atMs === null
      ? readDb().prepare(LIST_SQL.page).all({ ids })
      : readDb().prepare(LIST_SQL.pageAt).all({ ids, atDate: sqliteDate(new Date(index.atMs)) })
  ) as { k: number; guid: string; name: string | null; regression: number }[];
  const { orgNames, spaceNames } = dictionaryNames(index);
  const items: ItemRow[] = apps
    .sort((a, b) => a.k - b.k)
    .map((app) => {
      const r = rows[app.k]!;
      const org = index.org[r]!;
      const space = index.space[r]!;
      return {
        guid: app.guid,
        name: app.name,
        // the index's status is the effective one (a lapsed waiver no longer counts)
        status: index.statuses[index.status[r]!]!,
        regression: app.regression,
        privileged: index.privileged[r]!,
        orgGuid: index.orgGuids[org]!,
        orgName: orgNames[org]!,
        spaceGuid: index.spaceGuids[space]!,
        spaceName: spaceNames[space]!,
        segment: index.segments[index.segment[r]!]!,
        instances: index.instances[r]!,
        risks: index.risks[r]!,
        toMs: index.toMs[r]!,
        present: isPresent(index, r),
        absentSinceMs: absentSinceMs(index, r),
      };
    });
  const processes = processesOf(f, items, index.atMs);
  return items.map((r) => toItem(r, processes.get(r.guid) ?? []));
}

/** The capture time a query's `snapshot` names (null: the latest); 404 for a snapshot not of this foundation. */
export function asOfMs(f: FoundationRef, q: { snapshot?: string }): number | null {
  if (q.snapshot === undefined) return null;
  const at = readDb().prepare(LIST_SQL.snapshotAt).pluck().get({ f: f.id, id: Number(q.snapshot) }) as number | undefined;
  if (at === undefined) throw notFound("snapshot");
  return at === f.latestMs ? null : at;
}

async function indexFor(f: FoundationRef, q: AppListQuery): Promise<AppIndex> {
  const index = await appIndex(f.id, SCOPE[q.present], asOfMs(f, q));
  if (index.lapsedWaivers > 0) recordLapsedWaivers(f);
  return index;
}

/** The app table: every filter of the API contract, sorted and paginated over the foundation's app index. */
export async function listApps(actor: Actor, foundation: string, q: AppListQuery): Promise<AppListDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  if (f.latestMs === null) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const index = await indexFor(f, q);
  const { listed, total } = select(index, q);
  return { items: itemsOf(f, index, pageRows(index, q, listed)), total, page: q.page, pageSize: q.pageSize };
}

/** Every app a query lists, all pages: its number, and the items in the query's order, a batch at a time. */
export interface AppListing {
  total: number;
  batches(): AsyncGenerator<AppItemDto[]>;
}

/**
 * The apps of `listApps` without its paging, for exports: the selection is made once and the items are read
 * a batch at a time as the consumer pulls them, so memory holds one batch whatever the foundation's size.
 * The listing keeps the index it started from: a snapshot published meanwhile does not shift its rows.
 */
export async function listAllApps(actor: Actor, foundation: string, q: AppListQuery, batchSize = 500): Promise<AppListing> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  if (f.latestMs === null) return { total: 0, batches: async function* () {} };
  const index = await indexFor(f, q);
  const { listed, total } = select(index, q);
  const order = orderOf(index, q.sort);
  const desc = q.dir === "desc";
  return {
    total,
    batches: async function* () {
      let rows: number[] = [];
      for (let k = 0; k < index.n; k++) {
        const row = order[desc ? index.n - 1 - k : k]!;
        if (listed && listed[row] !== 1) continue;
        rows.push(row);
        if (rows.length === batchSize) {
          yield itemsOf(f, index, rows);
          rows = [];
        }
      }
      if (rows.length > 0) yield itemsOf(f, index, rows);
    },
  };
}

/**
 * One app: the list item, its LRPs in the latest snapshot, its history over every snapshot, its event
 * timeline (newest first, in the order the workflow saw them) and what `actor` may do to it now.
 */
export async function getApp(foundation: string, guid: string, actor: Actor): Promise<AppDetailDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const db = readDb();
  const row = db
    .prepare(`${SELECT_ITEM} FROM AppSpan s ${JOINS} WHERE s.foundationId = ? AND s.appGuid = ? ORDER BY s.toMs DESC LIMIT 1`)
    .get(f.id, guid) as Omit<ItemRow, "present" | "absentSinceMs"> | undefined;
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
  const snapshots = db.prepare(`SELECT id, capturedMs FROM Snapshot WHERE foundationId = ? ORDER BY capturedMs`).all(f.id) as { id: number; capturedMs: number }[];
  const history = snapshots.map((s) => {
    const span = spans.find((sp) => sp.fromMs <= s.capturedMs && s.capturedMs <= sp.toMs);
    return { snapshotId: String(s.id), capturedAt: iso(s.capturedMs), present: !!span, privileged: !!span?.privileged };
  });
  const absentSinceMs = present ? null : (snapshots.find((s) => s.capturedMs > row.toMs)?.capturedMs ?? null);

  const app = db.prepare(`SELECT id, version, ${stateColumns()} FROM App WHERE foundationId = ? AND guid = ?`).get(f.id, guid) as StateRow & { id: number; version: number };
  const state = toState(app);
  const nowMs = Date.now();
  const status = effectiveStatus(state, nowMs);
  if (status !== state.status) recordLapsedWaivers(f);
  const shown = { ...state, status, ...(status !== state.status ? { waiverExpired: true, waiverExpiresMs: null, statusBeforeWaiver: null } : {}) };
  // in the order the workflow saw them: a snapshot's events when it was uploaded (their time is its capture time)
  const events = db
    .prepare(
      `SELECT e.at, e.actor, e.action, e.fromStatus, e.toStatus, e.note, e.details, e.snapshotId FROM AppEvent e LEFT JOIN Snapshot s ON s.id = e.snapshotId
       WHERE e.appId = ? ORDER BY COALESCE(s.createdAt, e.at) DESC, e.id DESC LIMIT 200`,
    )
    .all(app.id) as { at: string; actor: string; action: string; fromStatus: string | null; toStatus: string | null; note: string | null; details: string | null; snapshotId: number | null }[];
  const item = toItem({ ...row, status, present, absentSinceMs }, present ? processes : []);
  return {
    ...item,
    instances: present ? item.instances : 0,
    lrps,
    riskHints: [...hints.values()],
    history,
    events: events.map((e) => ({
      at: iso(Date.parse(e.at)),
      actor: e.actor,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      details: e.details === null ? null : (JSON.parse(e.details) as Record<string, unknown>),
      snapshotId: e.snapshotId === null ? null : String(e.snapshotId),
    })),
    workflow: {
      version: app.version,
      waiverExpired: shown.waiverExpired,
      waiverExpiresAt: shown.waiverExpiresMs === null ? null : iso(shown.waiverExpiresMs),
      waiverRequest:
        shown.waiverRequest === null
          ? null
          : { requestedBy: shown.waiverRequest.name, requestedAt: iso(shown.waiverRequest.atMs), note: shown.waiverRequest.note, expiresAt: iso(shown.waiverRequest.expiresMs) },
      test: shown.test,
    },
    allowedActions: allowedActions(shown, { actor, location: { foundation: f.name, orgGuid: row.orgGuid, spaceGuid: row.spaceGuid }, nowMs }),
  };
}
