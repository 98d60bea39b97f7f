import { queryOptions } from "@tanstack/react-query";
import type { OrgDto } from "@/lib/data/orgs";
import type { AppDetailDto, AppListDto, AppListQuery } from "@/lib/schemas/app";
import { appListSearch } from "@/lib/schemas/app-list-url";

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

// --- query factories -----------------------------------------------------------------------------------

export const appQueries = {
  list: (f: string, p: AppListQuery) => {
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
