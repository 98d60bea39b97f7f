"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";

/** An admin sets or clears the foundation's target date; the server's error is shown as it says it. */
export function TargetForm({ foundation, targetDate }: { foundation: string; targetDate: string | null }) {
  const router = useRouter();
  const inputId = useId();
  const [value, setValue] = useState(targetDate ?? "");
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  async function save(next: string | null) {
    setState({ busy: true, error: null });
    const res = await fetch(`/api/foundations/${encodeURIComponent(foundation)}/target`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ targetDate: next }),
    }).catch(() => null);
    if (!res || !res.ok) {
      const body = res ? ((await res.json().catch(() => ({}))) as { error?: string }) : {};
      setState({ busy: false, error: body.error ?? "the request failed; nothing was changed" });
      return;
    }
    setState({ busy: false, error: null });
    if (next === null) setValue("");
    router.refresh();
  }

  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void save(value || null);
      }}
    >
      <label htmlFor={inputId} className="flex flex-col gap-1">
        <span className="font-medium text-slate-700">Target date</span>
        <input id={inputId} type="date" value={value} onChange={(e) => setValue(e.target.value)} className="rounded border border-slate-300 px-2 py-1" />
      </label>
      <button type="submit" disabled={state.busy || !value} className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white disabled:opacity-50">
        Set target
      </button>
      {targetDate !== null && (
        <button type="button" disabled={state.busy} onClick={() => void save(null)} className="rounded border border-slate-300 px-3 py-1.5 font-medium text-slate-700">
          Clear target
        </button>
      )}
      {state.error && (
        <p role="alert" className="w-full text-red-700">
          {state.error}
        </p>
      )}
    </form>
  );
}
