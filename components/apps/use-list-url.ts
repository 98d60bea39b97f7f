"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useOptimistic, useRef, useTransition } from "react";
import type { AppListQuery } from "@/lib/schemas/app";
import { appListSearch, invalidFilters, readAppListQuery } from "@/lib/schemas/app-list-url";

export type UpdateList = (patch: Partial<AppListQuery>, keepPage?: boolean) => void;

/** The app table's state: the URL, read with the API's schema (lib/schemas/app-list-url.ts), and a way to change it. */
export function useListUrl() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const url = useMemo(() => readAppListQuery(searchParams), [searchParams]);
  // router.replace() on a dynamic page waits for the server before useSearchParams changes; the optimistic
  // copy lets the controls and the query follow a change at once, and falls back to the URL afterwards.
  const [query, setOptimistic] = useOptimistic(url.query);
  const [navigating, startTransition] = useTransition();

  // The newest state, also between a change and the re-render it causes, so two quick changes (a select,
  // then the debounced search box) both survive.
  const latest = useRef(query);
  useEffect(() => {
    latest.current = query;
  }, [query]);

  const hrefOf = useCallback((q: AppListQuery) => {
    const search = appListSearch(q);
    return search ? `${pathname}?${search}` : pathname;
  }, [pathname]);

  const update: UpdateList = useCallback(
    (patch, keepPage = false) => {
      const next: AppListQuery = { ...latest.current, ...patch };
      if (!keepPage) next.page = 1;
      latest.current = next;
      startTransition(() => {
        setOptimistic(next);
        router.replace(hrefOf(next), { scroll: false });
      });
    },
    [router, hrefOf, setOptimistic],
  );

  return { query, invalid: invalidFilters(url), update, navigating, hrefOf };
}
