"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { secondaryButtonClass } from "@/components/empty-state";

/** A query's loading and error states, said the same way in every table of /admin; the data goes to `children`. */
export function QueryState<T>({ query, what, children }: { query: UseQueryResult<T>; what: string; children: (data: T) => ReactNode }) {
  if (query.isPending)
    return (
      <p role="status" className="py-6 text-center text-sm text-slate-600">
        Loading {what}…
      </p>
    );
  if (query.isError)
    return (
      <div role="alert" className="flex flex-wrap items-center gap-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
        <span>
          The {what} could not be loaded: {query.error.message}
        </span>
        <button type="button" onClick={() => void query.refetch()} className={secondaryButtonClass}>
          Retry
        </button>
      </div>
    );
  return children(query.data);
}
