"use client";
import { secondaryButtonClass } from "@/components/empty-state";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-6 text-sm text-red-900">
      <p className="text-base font-semibold">Something went wrong while loading this page.</p>
      <p className="mt-1">Nothing was changed. Try again; if it keeps failing, the server log has the details{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" onClick={reset} className={`${secondaryButtonClass} mt-4`}>
        Try again
      </button>
    </div>
  );
}
