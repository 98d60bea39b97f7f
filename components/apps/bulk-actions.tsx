"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { AppItemDto } from "@/lib/schemas/app";
import { foundationKey } from "../app-queries";
import { buttonClass, secondaryButtonClass } from "../empty-state";
import { formatCount } from "../format";
import { possibleActions, type BulkAction } from "./bulk-allowed";
import { applyToAll, type EventBody, type Outcome } from "./bulk-run";

/** What each action is called here, and what it needs besides an optional note. */
const ACTIONS: Record<BulkAction, { label: string; needs?: "test" | "waiver"; reason?: true }> = {
  start_test: { label: "Record a test push", needs: "test" },
  verify: { label: "Verify (the test push runs unprivileged)" },
  needs_privilege: { label: "Needs privilege (the test push failed)", reason: true },
  request_waiver: { label: "Request a waiver", needs: "waiver", reason: true },
  approve_waiver: { label: "Approve the waiver" },
  reject_waiver: { label: "Reject the waiver" },
  mark_restaged: { label: "Mark restaged" },
  reopen: { label: "Reopen (back to untriaged)" },
};

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:outline-2 focus:outline-sky-600";
const labelClass = "block text-xs font-medium text-slate-600";

function Field({ label, value, onChange, type = "text", required = false }: { label: string; value: string; onChange: (v: string) => void; type?: "text" | "date"; required?: boolean }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
        {required && <span className="text-slate-500"> (required)</span>}
      </label>
      <input id={id} type={type} value={value} required={required} onChange={(e) => onChange(e.target.value)} maxLength={255} className={inputClass} />
    </div>
  );
}

/** The end of the chosen day, UTC: a waiver "until 2027-03-31" covers that whole day. */
const endOfDay = (date: string): string | null => (/^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T23:59:59Z` : null);

function Summary({ outcomes }: { outcomes: Outcome[] }) {
  const refused = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  const applied = outcomes.length - refused.length;
  return (
    <div role="status" className={`rounded-md border p-3 text-sm ${refused.length ? "border-amber-300 bg-amber-50 text-amber-950" : "border-green-300 bg-green-50 text-green-900"}`}>
      <p className="font-semibold">
        Applied to {formatCount(applied)} of {formatCount(outcomes.length)} app{outcomes.length === 1 ? "" : "s"}
        {refused.length ? `; ${formatCount(refused.length)} refused` : ""}.
      </p>
      {refused.length > 0 && (
        <ul className="mt-1 list-disc pl-5">
          {refused.map((o) => (
            <li key={o.guid}>
              <span className="font-medium">{o.name}</span>: {o.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * One workflow action for every selected app. It offers the actions the state machine allows from at least
 * one selected app's status; the server decides each app on its own and the summary lists what it refused.
 */
export function BulkActions({ foundation, apps, onClear }: { foundation: string; apps: AppItemDto[]; onClear: () => void }) {
  const id = useId();
  const queryClient = useQueryClient();
  const offered = possibleActions(apps.map((a) => a.status));
  const [action, setAction] = useState<BulkAction | "">("");
  const [note, setNote] = useState("");
  const [test, setTest] = useState({ org: "", space: "", app: "" });
  const [expires, setExpires] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const apply = useMutation({
    mutationFn: (v: { apps: AppItemDto[]; body: EventBody }) => applyToAll(foundation, v.apps, v.body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: foundationKey(foundation) });
      // the apps' statuses changed: what was selected for them no longer says what to do next
      onClear();
    },
  });

  const chosen = action === "" || !offered.includes(action) ? null : action;
  const spec = chosen ? ACTIONS[chosen] : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!chosen || !spec) return setProblem("Choose an action.");
    const body: EventBody = { action: chosen };
    if (note.trim()) body.note = note.trim();
    else if (spec.reason) return setProblem("Give the reason in the note.");
    if (spec.needs === "test") {
      if (!test.org.trim() || !test.space.trim() || !test.app.trim()) return setProblem("Name the test org, space and app.");
      Object.assign(body, { testOrg: test.org.trim(), testSpace: test.space.trim(), testApp: test.app.trim() });
    }
    if (spec.needs === "waiver") {
      const at = endOfDay(expires);
      if (at === null) return setProblem("Choose the day the waiver expires.");
      body.expiresAt = at;
    }
    setProblem(null);
    apply.mutate({ apps, body });
  }

  if (apps.length === 0) return apply.data ? <Summary outcomes={apply.data} /> : null;
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-sky-200 bg-sky-50/50 p-4">
      <h2 id={`${id}-title`} className="text-sm font-semibold text-slate-900">
        Bulk action <span className="font-normal text-slate-700">· {formatCount(apps.length)} app{apps.length === 1 ? "" : "s"} selected</span>
      </h2>
      {offered.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No workflow action applies to the selected apps (apps never seen privileged have nothing to migrate).</p>
      ) : (
        <form onSubmit={submit} noValidate className="mt-3 grid grid-cols-1 gap-3 md:grid-cols-4">
          <div>
            <label htmlFor={`${id}-action`} className={labelClass}>
              Action
            </label>
            <select id={`${id}-action`} value={chosen ?? ""} onChange={(e) => setAction(offered.find((a) => a === e.target.value) ?? "")} className={inputClass}>
              <option value="">Choose…</option>
              {offered.map((a) => (
                <option key={a} value={a}>
                  {ACTIONS[a].label}
                </option>
              ))}
            </select>
          </div>
          {spec?.needs === "test" && (
            <>
              <Field label="Test org" value={test.org} onChange={(org) => setTest((t) => ({ ...t, org }))} required />
              <Field label="Test space" value={test.space} onChange={(space) => setTest((t) => ({ ...t, space }))} required />
              <Field label="Test app" value={test.app} onChange={(app) => setTest((t) => ({ ...t, app }))} required />
            </>
          )}
          {spec?.needs === "waiver" && <Field label="Waiver expires on" type="date" value={expires} onChange={setExpires} required />}
          <div className="md:col-span-4">
            <label htmlFor={`${id}-note`} className={labelClass}>
              {spec?.reason ? "Reason" : "Note"}
              {spec?.reason ? <span className="text-slate-500"> (required)</span> : <span className="text-slate-500"> (optional)</span>}
            </label>
            <textarea id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} className={inputClass} />
          </div>
          <div className="flex flex-wrap items-center gap-3 md:col-span-4">
            <button type="submit" className={buttonClass} disabled={apply.isPending}>
              {apply.isPending ? "Applying…" : `Apply to ${formatCount(apps.length)} app${apps.length === 1 ? "" : "s"}`}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={onClear}>
              Clear selection
            </button>
            {problem && (
              <p role="alert" className="text-sm font-medium text-red-700">
                {problem}
              </p>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
