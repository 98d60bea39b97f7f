import "server-only";
import { openSqlite, readDb, sqliteDate, type Sqlite } from "@/lib/db/sqlite";
import { effectiveStatus, type Status } from "@/lib/migration/state-machine";
import { foundationRevision } from "./revision";
import type { AppSort } from "@/lib/schemas/app";

/**
 * The app table's rows of one foundation, held compactly in memory: which apps a list shows (the latest
 * snapshot's, the absent ones with their last span, or both), the columns filters and counts read, and the sort
 * orders. A list request then filters and pages in a loop over typed arrays and fetches only its page's
 * rows from SQLite. In SQL, every list of a 43k-app foundation joined and sorted all of its apps
 * (100–200 ms, `COUNT(*) OVER ()` included); the index answers in about a millisecond.
 *
 * Everything an index holds is read in one read transaction on a connection of its own, so it is one
 * consistent state. It is rebuilt when its foundation's revision (lib/data/revision.ts) changed since: an upload,
 * a workflow action or a name export there, exact whoever wrote, while writes to other foundations leave it warm
 * (the revision is read again only when `PRAGMA data_version` of the request connection says that another
 * connection committed anything) — or when a waiver it shows as current has lapsed since (statuses are the
 * effective ones, state-machine.ts).
 * A build yields to the event loop between batches of rows, so other requests go on meanwhile.
 * The strings SQL compares (names with COLLATE NOCASE, guids) are ordered by SQLite itself, never in JS.
 */

/** Which apps: those in the latest snapshot (present), those absent from it, or both. */
export type Scope = "latest" | "absent" | "all";

export interface AppIndex {
  foundationId: number;
  scope: Scope;
  /** the capture time of the earlier snapshot it shows the foundation as of (time travel); null: the latest */
  atMs: number | null;
  /** `data_version` of the request connection when it was last known current */
  version: number;
  /** its foundation's revision, read in the build's own transaction */
  revision: string | null;
  /** when the first waiver it shows as current lapses (Infinity: none) */
  validUntilMs: number;
  /** rows whose waiver has lapsed but whose expiry is not recorded yet */
  lapsedWaivers: number;
  /** capture times of the foundation's snapshots up to the one shown, ascending: when an absent app was first missing */
  snapshotsMs: Float64Array;
  /** rows, in `appGuid` order (BINARY, as SQL orders them) */
  n: number;
  /** the last capture of the row's span: the shown snapshot's or later for a present app, or an absent app's last */
  toMs: Float64Array;
  appId: Int32Array;
  privileged: Uint8Array;
  privilegedInstances: Int32Array;
  instances: Int32Array;
  risks: Int32Array;
  /** positions in the dictionaries below */
  org: Int32Array;
  space: Int32Array;
  segment: Int32Array;
  status: Int32Array;
  orgGuids: (string | null)[];
  spaceGuids: (string | null)[];
  segments: string[];
  statuses: (string | null)[];
  /** App ids sorted, and the row of each, to find rows by App id */
  idSorted: Int32Array;
  rowOfIdSorted: Int32Array;
  /** dense ranks (1 = first) of each dictionary entry by the sort's SQL key */
  orgRank: Int32Array;
  spaceRank: Int32Array;
  statusRank: Int32Array;
  /** every row's name (the guid while it has none) as LIKE compares it, each followed by a NUL; and where each begins */
  names: string;
  nameStart: Int32Array;
  /** rows in ascending order per sort: by name from SQL at build, the others derived on first use */
  orders: { name: Int32Array } & Partial<Record<AppSort, Int32Array>>;
}

/** The statements an index build and a list request run, for EXPLAIN QUERY PLAN in tests. */
const INDEX_COLUMNS = `s.toMs, a.id, s.privileged, s.privilegedInstances, s.instances, s.risks, s.orgGuid, s.spaceGuid, s.segment, a.status,
      COALESCE(a.name, a.guid), a.waiverExpiresAt, a.statusBeforeWaiver`;
// an app's last span: the latest snapshot's for a present app
const LAST_SPAN = `FROM App a JOIN AppSpan s ON s.foundationId = a.foundationId AND s.appGuid = a.guid
      AND s.toMs = (SELECT MAX(l.toMs) FROM AppSpan l WHERE l.foundationId = a.foundationId AND l.appGuid = a.guid)`;

// As of an earlier capture @latest (time travel): each app's last span begun by then, and its status after its last
// event up to then (a snapshot's events carry its capture time); waivers are shown as their events left them.
const AT_COLUMNS = `s.toMs, a.id, s.privileged, s.privilegedInstances, s.instances, s.risks, s.orgGuid, s.spaceGuid, s.segment,
      (SELECT e.toStatus FROM AppEvent e WHERE e.appId = a.id AND e.at <= @latestDate AND e.toStatus IS NOT NULL ORDER BY e.at DESC, e.id DESC LIMIT 1),
      COALESCE(a.name, a.guid), NULL, NULL`;
const AT_SPAN = `FROM App a CROSS JOIN AppSpan s ON s.id = (SELECT l.id FROM AppSpan l
      WHERE l.foundationId = a.foundationId AND l.appGuid = a.guid AND l.fromMs <= @latest ORDER BY l.fromMs DESC LIMIT 1)`;

export const INDEX_SQL = {
  latest: `SELECT ${INDEX_COLUMNS}
    FROM AppSpan s JOIN App a ON a.foundationId = s.foundationId AND a.guid = s.appGuid
    WHERE s.foundationId = @f AND s.toMs = @latest ORDER BY s.appGuid`,
  // apps absent from the latest snapshot, each with its last span
  absent: `SELECT ${INDEX_COLUMNS} ${LAST_SPAN} WHERE a.foundationId = @f AND s.toMs < @latest ORDER BY a.guid`,
  all: `SELECT ${INDEX_COLUMNS} ${LAST_SPAN} WHERE a.foundationId = @f ORDER BY a.guid`,
  atLatest: `SELECT ${AT_COLUMNS} ${AT_SPAN} WHERE a.foundationId = @f AND s.toMs >= @latest ORDER BY a.guid`,
  atAbsent: `SELECT ${AT_COLUMNS} ${AT_SPAN} WHERE a.foundationId = @f AND s.toMs < @latest ORDER BY a.guid`,
  atAll: `SELECT ${AT_COLUMNS} ${AT_SPAN} WHERE a.foundationId = @f ORDER BY a.guid`,
  snapshotsMs: `SELECT capturedMs FROM Snapshot WHERE foundationId = @f AND capturedMs <= @latest ORDER BY capturedMs`,
  latestMs: `SELECT MAX(capturedMs) FROM Snapshot WHERE foundationId = @f`,
  byName: `SELECT id FROM App WHERE foundationId = @f ORDER BY COALESCE(name, guid) COLLATE NOCASE, guid`,
  orgRank: `SELECT DENSE_RANK() OVER (ORDER BY COALESCE(o.name, j.value) COLLATE NOCASE) AS r, j.key AS i
    FROM json_each(@guids) j LEFT JOIN Org o ON o.foundationId = @f AND o.guid = j.value`,
  spaceRank: `SELECT DENSE_RANK() OVER (ORDER BY COALESCE(sp.name, j.value) COLLATE NOCASE) AS r, j.key AS i
    FROM json_each(@guids) j LEFT JOIN Space sp ON sp.foundationId = @f AND sp.guid = j.value`,
  statusRank: `SELECT DENSE_RANK() OVER (ORDER BY j.value) AS r, j.key AS i FROM json_each(@values) j`,
  orgNames: `SELECT j.key AS i, o.name FROM json_each(@guids) j LEFT JOIN Org o ON o.foundationId = @f AND o.guid = j.value`,
  spaceNames: `SELECT j.key AS i, sp.name FROM json_each(@guids) j LEFT JOIN Space sp ON sp.foundationId = @f AND sp.guid = j.value`,
} as const;

/** Rows kept over all cached indexes, least recently used dropped first: ~75 bytes each (measured 64 MB for 20 foundations × 43k apps). */
const MAX_ROWS = 1_000_000;
/** Indexes of earlier snapshots kept at once (time travel is rare, and each costs as much as a latest one). */
const MAX_HISTORICAL = 3;
/** Rows read between two yields to the event loop while building. */
const BATCH = 4096;

const g = globalThis as unknown as {
  __appIndexDb?: Sqlite;
  __appIndexes?: Map<string, AppIndex>;
  __appIndexBuilds?: Map<string, { version: number; build: Promise<AppIndex> }>;
  __appIndexQueue?: Promise<unknown>;
};
const cache = (g.__appIndexes ??= new Map());
const builds = (g.__appIndexBuilds ??= new Map());

const dataVersion = () => readDb().pragma("data_version", { simple: true }) as number;

const AT_SCOPE = { latest: "atLatest", absent: "atAbsent", all: "atAll" } as const;

/**
 * The index of a foundation's list scope, built when missing or when anything was written since; as of the
 * snapshot captured at `atMs` when given (null: the latest).
 */
export async function appIndex(foundationId: number, scope: Scope, atMs: number | null = null): Promise<AppIndex> {
  const key = `${foundationId}:${scope}:${atMs ?? "latest"}`;
  const version = dataVersion();
  const cached = cache.get(key);
  // another foundation's write: still current
  if (cached && cached.version !== version && cached.revision === foundationRevision(readDb(), foundationId)) cached.version = version;
  if (cached && cached.version === version && Date.now() < cached.validUntilMs) {
    cache.delete(key); // most recently used last
    cache.set(key, cached);
    return cached;
  }
  // a build under way serves the requests made since it began, not those after a later write
  const pending = builds.get(key);
  if (pending && pending.version === version) return pending.build;
  // one build at a time: they share the connection (and the two cores)
  const build: Promise<AppIndex> = (g.__appIndexQueue ?? Promise.resolve())
    .catch(() => undefined)
    .then(() => buildIndex(foundationId, scope, atMs, version))
    .then((index) => {
      cache.delete(key);
      cache.set(key, index);
      evict();
      return index;
    })
    .finally(() => {
      if (builds.get(key)?.build === build) builds.delete(key);
    });
  g.__appIndexQueue = build;
  builds.set(key, { version, build });
  return build;
}

function evict() {
  const historical = [...cache].filter(([, i]) => i.atMs !== null);
  for (const [key] of historical.slice(0, Math.max(0, historical.length - MAX_HISTORICAL))) cache.delete(key);
  let rows = 0;
  for (const i of cache.values()) rows += i.n;
  for (const [key, i] of cache) {
    if (rows <= MAX_ROWS || cache.size === 1) break;
    cache.delete(key);
    rows -= i.n;
  }
}

class Dictionary<T> {
  readonly values: T[] = [];
  private readonly index = new Map<T, number>();
  of(v: T): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

type IndexRow = [number, number, number, number, number, number, string | null, string | null, string, string | null, string, string | null, string | null];

async function buildIndex(foundationId: number, scope: Scope, atMs: number | null, version: number): Promise<AppIndex> {
  const db = (g.__appIndexDb ??= openSqlite());
  const nowMs = Date.now();
  let validUntilMs = Infinity;
  let lapsedWaivers = 0;
  db.exec("BEGIN");
  try {
    const revision = foundationRevision(db, foundationId);
    const latest = atMs ?? (db.prepare(INDEX_SQL.latestMs).pluck().get({ f: foundationId }) as number | null);
    const cols = {
      toMs: [] as number[],
      appId: [] as number[],
      privileged: [] as number[],
      privilegedInstances: [] as number[],
      instances: [] as number[],
      risks: [] as number[],
      org: [] as number[],
      space: [] as number[],
      segment: [] as number[],
      status: [] as number[],
    };
    const orgs = new Dictionary<string | null>();
    const spaces = new Dictionary<string | null>();
    const segments = new Dictionary<string>();
    const statuses = new Dictionary<string | null>();
    const names: string[] = [];
    if (latest !== null) {
      let batch = 0;
      const rows = (
        atMs === null
          ? db.prepare(INDEX_SQL[scope]).raw().iterate({ f: foundationId, latest })
          : db.prepare(INDEX_SQL[AT_SCOPE[scope]]).raw().iterate({ f: foundationId, latest, latestDate: sqliteDate(new Date(latest)) })
      ) as IterableIterator<IndexRow>;
      for (const r of rows) {
        cols.toMs.push(r[0]);
        cols.appId.push(r[1]);
        cols.privileged.push(r[2]);
        cols.privilegedInstances.push(r[3]);
        cols.instances.push(r[4]);
        cols.risks.push(r[5]);
        cols.org.push(orgs.of(r[6]));
        cols.space.push(spaces.of(r[7]));
        cols.segment.push(segments.of(r[8]));
        let status = r[9];
        if (status === "waived" && r[11] !== null) {
          const waiver = { status: "waived" as const, waiverExpiresMs: Date.parse(r[11]), statusBeforeWaiver: r[12] as Status | null };
          status = effectiveStatus(waiver, nowMs);
          if (status === "waived") validUntilMs = Math.min(validUntilMs, waiver.waiverExpiresMs);
          else lapsedWaivers++;
        }
        cols.status.push(statuses.of(status));
        names.push(likeText(r[10]));
        if (++batch === BATCH) {
          batch = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    const n = cols.appId.length;
    const appId = Int32Array.from(cols.appId);
    const idSorted = appId.slice().sort();
    const rowOfIdSorted = new Int32Array(n);
    {
      const row = new Map<number, number>();
      appId.forEach((id, i) => row.set(id, i));
      idSorted.forEach((id, j) => (rowOfIdSorted[j] = row.get(id)!));
    }
    const index: AppIndex = {
      foundationId,
      scope,
      atMs,
      version,
      revision,
      validUntilMs,
      lapsedWaivers,
      snapshotsMs: Float64Array.from(db.prepare(INDEX_SQL.snapshotsMs).pluck().all({ f: foundationId, latest: latest ?? 0 }) as number[]),
      n,
      toMs: Float64Array.from(cols.toMs),
      appId,
      privileged: Uint8Array.from(cols.privileged),
      privilegedInstances: Int32Array.from(cols.privilegedInstances),
      instances: Int32Array.from(cols.instances),
      risks: Int32Array.from(cols.risks),
      org: Int32Array.from(cols.org),
      space: Int32Array.from(cols.space),
      segment: Int32Array.from(cols.segment),
      status: Int32Array.from(cols.status),
      orgGuids: orgs.values,
      spaceGuids: spaces.values,
      segments: segments.values,
      statuses: statuses.values,
      idSorted,
      rowOfIdSorted,
      orgRank: ranks(db, INDEX_SQL.orgRank, { f: foundationId, guids: JSON.stringify(orgs.values) }, orgs.values.length),
      spaceRank: ranks(db, INDEX_SQL.spaceRank, { f: foundationId, guids: JSON.stringify(spaces.values) }, spaces.values.length),
      statusRank: ranks(db, INDEX_SQL.statusRank, { values: JSON.stringify(statuses.values) }, statuses.values.length),
      names: names.join(NUL) + NUL,
      nameStart: nameStarts(names),
      orders: { name: new Int32Array(n) },
    };
    await new Promise((resolve) => setImmediate(resolve));
    let k = 0;
    for (const id of db.prepare(INDEX_SQL.byName).pluck().iterate({ f: foundationId }) as IterableIterator<number>) {
      const row = rowOfAppId(index, id);
      if (row >= 0) index.orders.name[k++] = row;
    }
    return index;
  } finally {
    db.exec("COMMIT");
  }
}

function ranks(db: Sqlite, sql: string, params: Record<string, unknown>, size: number): Int32Array {
  const out = new Int32Array(size);
  for (const { r, i } of db.prepare(sql).all(params) as { r: number; i: number }[]) out[i] = r;
  return out;
}

/** The row of an App id, or -1 when the index does not list that app. */
function rowOfAppId(index: AppIndex, id: number): number {
  const a = index.idSorted;
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] === id) return index.rowOfIdSorted[mid]!;
    if (a[mid]! < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Rows in ascending order of a sort key, ties by app guid (row order), as `ORDER BY key, a.guid` would give. */
export function orderOf(index: AppIndex, sort: AppSort): Int32Array {
  const have = index.orders[sort];
  if (have) return have;
  const key: Int32Array =
    sort === "org"
      ? index.org.map((o) => index.orgRank[o]!)
      : sort === "space"
        ? index.space.map((s) => index.spaceRank[s]!)
        : sort === "status"
          ? index.status.map((s) => index.statusRank[s]!)
          : index.instances;
  const rows = new Int32Array(index.n);
  for (let i = 0; i < index.n; i++) rows[i] = i;
  rows.sort((a, b) => key[a]! - key[b]! || a - b);
  index.orders[sort] = rows;
  return rows;
}

/** Whether the row's app is in the snapshot the index shows (a span of an earlier one may go on after it). */
export const isPresent = (index: AppIndex, row: number) => index.toMs[row]! >= index.snapshotsMs[index.snapshotsMs.length - 1]!;

/** For an absent app: the capture time of the first snapshot it was missing from (null when present). */
export function absentSinceMs(index: AppIndex, row: number): number | null {
  const last = index.toMs[row]!;
  const s = index.snapshotsMs;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]! <= last) lo = mid + 1;
    else hi = mid;
  }
  return lo < s.length ? s[lo]! : null;
}

/** Org and space names of an index's dictionaries (null while unknown), read once per index. */
export function dictionaryNames(index: AppIndex): { orgNames: (string | null)[]; spaceNames: (string | null)[] } {
  let names = dictionaryNameCache.get(index);
  if (!names) {
    const read = (sql: string, guids: (string | null)[]) => {
      const out: (string | null)[] = guids.map(() => null);
      for (const r of readDb().prepare(sql).all({ f: index.foundationId, guids: JSON.stringify(guids) }) as { i: number; name: string | null }[]) out[r.i] = r.name;
      return out;
    };
    names = { orgNames: read(INDEX_SQL.orgNames, index.orgGuids), spaceNames: read(INDEX_SQL.spaceNames, index.spaceGuids) };
    dictionaryNameCache.set(index, names);
  }
  return names;
}

const dictionaryNameCache = new WeakMap<AppIndex, { orgNames: (string | null)[]; spaceNames: (string | null)[] }>();

// ---------------------------------------------------------------------------------------------------------
// The text search on app names: SQLite's `name LIKE '%q%' ESCAPE '\\'` with q escaped, done in memory.
// LIKE folds only ASCII letters (A–Z to a–z, both sides) and reads a text, the pattern too, only up to a NUL
// character; with those rules a substring test gives exactly LIKE's answers (the app index tests compare both
// on mixed-case, non-ASCII and NUL-bearing names and searches).

const NUL = "\u0000";

/** A text as LIKE sees it: up to its first NUL, ASCII letters in lower case. */
export function likeText(text: string): string {
  const end = text.indexOf(NUL);
  return (end < 0 ? text : text.slice(0, end)).replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function nameStarts(names: string[]): Int32Array {
  const starts = new Int32Array(names.length + 1);
  for (let i = 0; i < names.length; i++) starts[i + 1] = starts[i]! + names[i]!.length + 1;
  return starts;
}

/** Flags the rows whose name contains `q` as LIKE '%q%' would (1 = matches). */
export function namesContaining(index: AppIndex, q: string): Uint8Array {
  const found = new Uint8Array(index.n);
  // a NUL in q also cuts the pattern before its closing %: '%q' matches the names that end with q
  const needle = q.includes(NUL) ? likeText(q) + NUL : likeText(q);
  const starts = index.nameStart;
  let row = 0;
  for (let at = index.names.indexOf(needle); at >= 0; at = index.names.indexOf(needle, starts[row + 1]!)) {
    // a match lies inside one name (with its closing NUL at most): names hold no NUL
    while (starts[row + 1]! <= at) row++;
    if (row >= index.n) break;
    found[row] = 1;
  }
  return found;
}
