import { appListQuery, type AppListQuery } from "./app";

/**
 * The app table's URL state, derived from the one schema the API parses (appListQuery): the server page,
 * the client table and the export links all read and write it here, so a default or a limit is written once.
 */

type Key = keyof AppListQuery;
const SHAPE = appListQuery.shape;
const KEYS = Object.keys(SHAPE) as Key[];

/** What an empty query means: the schema's own defaults. */
export const APP_LIST_DEFAULTS: AppListQuery = appListQuery.parse({});

const VIEW_KEYS: readonly Key[] = ["sort", "dir", "page", "pageSize"];
/** Which snapshot the table shows (time travel): clearing the filters stays in it. */
const AS_OF_KEYS: readonly Key[] = ["snapshot"];
/** The keys that narrow which apps are listed (the rest only order and page them, or pick the snapshot). */
export const APP_FILTER_KEYS: readonly Key[] = KEYS.filter((k) => !VIEW_KEYS.includes(k) && !AS_OF_KEYS.includes(k));

export interface AppListUrl {
  query: AppListQuery;
  /** keys whose value the schema refused (the API would answer 400); `query` holds their defaults */
  invalid: Key[];
}

/** The table's state from a URL, read with the API's schema. A blank value counts as absent. */
export function readAppListQuery(sp: { get(key: string): string | null }): AppListUrl {
  const out: Record<string, unknown> = {};
  const invalid: Key[] = [];
  for (const k of KEYS) {
    const raw = sp.get(k);
    const given = SHAPE[k].safeParse(raw === null || raw.trim() === "" ? undefined : raw);
    if (!given.success) invalid.push(k);
    out[k] = given.success ? given.data : APP_LIST_DEFAULTS[k];
  }
  return { query: out as AppListQuery, invalid };
}

/**
 * A filter (or snapshot) the URL names but the list cannot take would list other apps than the link promised, so
 * the table says so instead; a bad sort or page only orders or pages differently and falls back to its default.
 */
export const invalidFilters = (url: AppListUrl): Key[] => url.invalid.filter((k) => APP_FILTER_KEYS.includes(k) || AS_OF_KEYS.includes(k));

/** A parsed value as the URL spells it: the inverse of the schema's transforms. */
const spell = (v: string | number | boolean): string => (typeof v === "string" ? v : String(v));

/** The canonical query string: the schema's key order, defaults left out. The URL and the query key both use it. */
export function appListSearch(q: AppListQuery): string {
  const sp = new URLSearchParams();
  for (const k of KEYS) {
    const v = q[k];
    if (v !== undefined && v !== APP_LIST_DEFAULTS[k]) sp.set(k, spell(v));
  }
  return sp.toString();
}

export const hasAppFilters = (q: AppListQuery): boolean => APP_FILTER_KEYS.some((k) => q[k] !== APP_LIST_DEFAULTS[k]);

/** The same view with every filter back to its default, on the first page. */
export function withoutFilters(q: AppListQuery): AppListQuery {
  const out: Record<string, unknown> = { ...q, page: 1 };
  for (const k of APP_FILTER_KEYS) out[k] = APP_LIST_DEFAULTS[k];
  return out as AppListQuery;
}

/** The page sizes the table offers; the schema's limit still bounds a size typed into the URL. */
export const PAGE_SIZES = [25, 50, 100, 200] as const;
