"use client";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";

/**
 * A destructive action behind a confirmation dialog: nothing is deleted until the person confirms, and the
 * server's error is shown as it says it. `confirmText`, when given, must be typed to enable the button
 * (for deleting a whole foundation).
 */
export function DeleteButton({
  url,
  label,
  accessibleLabel,
  title,
  consequence,
  confirmText,
  after,
  run,
  busyLabel = "Deleting…",
}: {
  /** the API URL that takes DELETE */
  url: string;
  /**
   * does the deletion instead of a plain DELETE and page reload (a TanStack Query mutation that invalidates its
   * table); its error's message is shown as the server's
   */
  run?: () => Promise<unknown>;
  /** the confirm button's text while the request runs */
  busyLabel?: string;
  /** the button's text, e.g. "Delete" */
  label: string;
  /** the button's name for screen readers when its text alone is ambiguous (one per table row) */
  accessibleLabel?: string;
  /** the dialog's heading */
  title: string;
  /** what happens, in a sentence the person can weigh */
  consequence: string;
  confirmText?: string;
  /** where to go afterwards; by default the page reloads its data */
  after?: string;
}) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [typed, setTyped] = useState("");
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const ready = !state.busy && (confirmText === undefined || typed === confirmText);

  async function confirm() {
    setState({ busy: true, error: null });
    if (run) {
      try {
        await run();
        dialog.current?.close();
        setState({ busy: false, error: null });
      } catch (e) {
        setState({ busy: false, error: e instanceof Error ? e.message : "the request failed; nothing was changed" });
      }
      return;
    }
    try {
      const res = await fetch(url, { method: "DELETE" });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { error?: string };
        setState({ busy: false, error: body.error ?? `the server answered ${res.status}` });
        return;
      }
      dialog.current?.close();
      setState({ busy: false, error: null });
      if (after) router.push(after);
      router.refresh();
    } catch {
      setState({ busy: false, error: "the server could not be reached; nothing was deleted" });
    }
  }

  return (
    <>
      <button
        type="button"
        onClick={() => dialog.current?.showModal()}
        aria-label={accessibleLabel}
        className="rounded border border-red-300 px-2 py-0.5 text-xs font-medium text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-red-600"
      >
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={headingId} className="m-auto max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <form
          method="dialog"
          className="space-y-3 p-5 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready) void confirm();
          }}
        >
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <p className="text-slate-700">{consequence}</p>
          {confirmText !== undefined && (
            <label className="block text-slate-700">
              Type <strong className="font-mono">{confirmText}</strong> to confirm
              <input
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 font-mono"
              />
            </label>
          )}
          {state.error && (
            <p role="alert" className="rounded bg-red-50 px-2 py-1 text-red-800">
              {state.error}
            </p>
          )}
          <div className="flex justify-end gap-2 pt-1">
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded border border-slate-300 px-3 py-1 font-medium text-slate-700 hover:bg-slate-50"
            >
              Cancel
            </button>
            <button
              type="submit"
              disabled={!ready}
              className="rounded bg-red-700 px-3 py-1 font-medium text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {state.busy ? busyLabel : label}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
