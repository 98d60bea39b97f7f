import { queryOptions } from "@tanstack/react-query";
import type { OrgDto } from "@/lib/data/orgs";
import { APP_SORTS, type AppDetailDto, type AppListDto, type AppSort } from "@/lib/schemas/app";

/**
 * TanStack Query factories of the JSON API, one place for keys and fetchers: reused by useQuery and by
 * invalidation after an upload (everything of a foundation lives under ["foundation", f]).
 */

export const foundationsKey = ["foundations"] as const;
export const foundationKey = (f: string) => ["foundation", f] as const;

/** An API error: the server's `{ error }` message, which is written for people. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    public readonly status: number,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiRequestError("The server could not be reached. Check the connection and retry.", 0);
  }
  // An error answer may not be JSON (a proxy's HTML page): its status still says what happened.
  const body = (await res.json().catch(() => undefined)) as { error?: unknown } | undefined;
  if (!res.ok) {
    throw new ApiRequestError(typeof body?.error === "string" ? body.error : `The server answered HTTP ${res.status}.`, res.status);
  }
  if (body === undefined) throw new ApiRequestError("The server's answer could not be read. Retry; if it keeps failing, check the server log.", res.status);
  return body as T;
}

const enc = encodeURIComponent;

/** A 4xx (bad filter, unknown foundation) will not change on retry; a network error or 5xx might. */
const retryUnlessClientError = (failures: number, err: Error): boolean =>
  !(err instanceof ApiRequestError && err.status >= 400 && err.status < 500) && failures < 1;

// --- the app table's URL state -------------------------------------------------------------------------

export const APP_FILTER_KEYS = ["q", "privileged", "org", "space", "segment", "status", "risk"] as const;

export interface AppListParams {
  q?: string;
  privileged?: "true" | "false";
  org?: string;
  space?: string;
  segment?: string;
  status?: string;
  risk?: "true";
  sort: AppSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const APP_LIST_DEFAULTS = { sort: "name", dir: "asc", page: 1, pageSize: 50 } as const;

const positiveInt = (v: string | null, fallback: number, max: number): number => {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
};

/** The table's state from the URL; unknown or malformed values fall back to the defaults. */
export function readAppListParams(sp: { get(key: string): string | null }): AppListParams {
  const text = (k: string) => {
    const v = sp.get(k);
    return v === null || v.trim() === "" ? undefined : v;
  };
  const privileged = sp.get("privileged");
  const sort = sp.get("sort");
  return {
    q: text("q"),
    privileged: privileged === "true" || privileged === "false" ? privileged : undefined,
    org: text("org"),
    space: text("space"),
    segment: text("segment"),
    status: text("status"),
    risk: sp.get("risk") === "true" ? "true" : undefined,
    sort: (APP_SORTS as readonly string[]).includes(sort ?? "") ? (sort as AppSort) : APP_LIST_DEFAULTS.sort,
    dir: sp.get("dir") === "desc" ? "desc" : "asc",
    page: positiveInt(sp.get("page"), APP_LIST_DEFAULTS.page, 1_000_000),
    pageSize: positiveInt(sp.get("pageSize"), APP_LIST_DEFAULTS.pageSize, 500),
  };
}

/** Canonical query string (fixed order, defaults left out): the URL and the query key both use it. */
export function appListSearch(p: AppListParams): string {
  const sp = new URLSearchParams();
  for (const k of APP_FILTER_KEYS) {
    const v = p[k];
    if (v !== undefined && v !== "") sp.set(k, v);
  }
  if (p.sort !== APP_LIST_DEFAULTS.sort) sp.set("sort", p.sort);
  if (p.dir !== APP_LIST_DEFAULTS.dir) sp.set("dir", p.dir);
  if (p.page !== APP_LIST_DEFAULTS.page) sp.set("page", String(p.page));
  if (p.pageSize !== APP_LIST_DEFAULTS.pageSize) sp.set("pageSize", String(p.pageSize));
  return sp.toString();
}

export const hasAppFilters = (p: AppListParams): boolean => APP_FILTER_KEYS.some((k) => p[k] !== undefined);

// --- query factories -----------------------------------------------------------------------------------

export const appQueries = {
  list: (f: string, p: AppListParams) => {
    const search = appListSearch(p);
    return queryOptions({
      queryKey: [...foundationKey(f), "apps", search],
      queryFn: ({ signal }) => getJson<AppListDto>(`/api/foundations/${enc(f)}/apps${search ? `?${search}` : ""}`, signal),
      retry: retryUnlessClientError,
    });
  },
  detail: (f: string, guid: string) =>
    queryOptions({
      queryKey: [...foundationKey(f), "app", guid],
      queryFn: ({ signal }) => getJson<AppDetailDto>(`/api/foundations/${enc(f)}/apps/${enc(guid)}`, signal),
      retry: retryUnlessClientError,
    }),
  orgs: (f: string) =>
    queryOptions({
      queryKey: [...foundationKey(f), "orgs"],
      queryFn: ({ signal }) => getJson<{ orgs: OrgDto[] }>(`/api/foundations/${enc(f)}/orgs`, signal).then((b) => b.orgs),
      staleTime: 60_000,
      retry: retryUnlessClientError,
    }),
};
