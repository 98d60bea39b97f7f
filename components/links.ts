import type { AppListQuery } from "@/lib/schemas/app";
import { APP_LIST_DEFAULTS, appListSearch } from "@/lib/schemas/app-list-url";

/** Hrefs of the dashboard's pages; every dynamic part is encoded (names come from uploaded dumps). */

const enc = encodeURIComponent;

export const foundationHref = (f: string): string => `/foundations/${enc(f)}`;

export const appHref = (f: string, guid: string): string => `/foundations/${enc(f)}/apps/${enc(guid)}`;

export function appsHref(f: string, filters: Record<string, string | undefined> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== "") sp.set(k, v);
  const qs = sp.toString();
  return `/foundations/${enc(f)}/apps${qs ? `?${qs}` : ""}`;
}

/** An org across foundations, by its name (or the guid of an org known by no name). */
export const orgHref = (name: string): string => `/orgs/${enc(name)}`;

/** `/` with the query it was opened with, `change` applied (undefined removes a parameter); `hash` scrolls to what changed. */
export function fleetHref(current: Record<string, string | string[] | undefined>, change: Record<string, string | undefined>, hash: string): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...current, ...change })) for (const one of [v].flat()) if (one !== undefined) sp.append(k, one);
  const qs = sp.toString();
  return `/${qs ? `?${qs}` : ""}#${hash}`;
}

export const uploadHref = (f?: string): string => (f ? `/upload?foundation=${enc(f)}` : "/upload");

/** The download of exactly the table's filtered view, every page (page and page size are the table's, not the file's). */
export function appsExportHref(f: string, query: AppListQuery, format: "csv" | "json"): string {
  const qs = appListSearch({ ...query, page: APP_LIST_DEFAULTS.page, pageSize: APP_LIST_DEFAULTS.pageSize });
  return `/api/foundations/${enc(f)}/apps.${format}${qs ? `?${qs}` : ""}`;
}

export const runbookHref = (f: string, org?: string): string => `/api/foundations/${enc(f)}/runbook.sh${org ? `?org=${enc(org)}` : ""}`;

/** A snapshot's diff against the one before it. */
export const snapshotHref = (f: string, id: string): string => `/foundations/${enc(f)}/snapshots/${enc(id)}`;
