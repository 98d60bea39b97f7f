"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import type { WorkflowAction } from "@/lib/migration/state-machine";
import type { AppEventBody } from "@/lib/schemas/app-event";
import type { WorkflowDto } from "@/lib/schemas/app";
import { buttonClass } from "../empty-state";
import { statusLabel } from "../format";
import { actionLabel } from "./labels";
import { ActionError, postAppEvent } from "./queries";

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-700";
const labelClass = "block text-sm font-medium text-slate-700";

/** What each action asks for besides a note, and whether its note is required (the reason). */
const NEEDS: Record<WorkflowAction, { test?: true; expiry?: true; reason?: true; hint: string }> = {
  start_test: { test: true, hint: "Where you pushed the unprivileged test copy (the commands below do it)." },
  verify: { hint: "The test copy runs without privilege: you sign off that the app can be restaged." },
  needs_privilege: { reason: true, hint: "The test copy failed without privilege. Say why (FUSE, sshfs, a kernel feature, …)." },
  request_waiver: { reason: true, expiry: true, hint: "Ask an admin to exempt the app until a date. The status does not change until it is approved." },
  approve_waiver: { hint: "Exempt the app until the requested date." },
  reject_waiver: { hint: "Refuse the request; the app keeps its status." },
  mark_restaged: { hint: "You ran cf restage. The next uploaded snapshot confirms it (migrated) or not." },
  reopen: { hint: "Back to untriaged, e.g. to test again. Clears any waiver." },
};

type Result = { kind: "done"; message: string } | { kind: "error"; message: string; allowed: WorkflowAction[] | null };

interface FormProps {
  foundation: string;
  guid: string;
  workflow: WorkflowDto;
  defaultTestApp: string;
  onResult: (r: Result | null) => void;
}

function ActionForm({ foundation, guid, action, workflow, defaultTestApp, onResult: setResult }: FormProps & { action: WorkflowAction }) {
  const id = useId();
  const router = useRouter();
  const needs = NEEDS[action];
  const mutation = useMutation({
    mutationFn: (body: AppEventBody) => postAppEvent(foundation, guid, body),
    onSuccess: (answer) => {
      setResult({ kind: "done", message: `${actionLabel(action)}: done, the app is now ${statusLabel(answer.status)}.` });
      router.refresh();
    },
    onError: (err) =>
      setResult({
        kind: "error",
        message: `${actionLabel(action)}: ${err instanceof Error ? err.message : "the action failed."}`,
        allowed: err instanceof ActionError ? err.allowed : null,
      }),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const note = text("note") || undefined;
    const version = workflow.version;
    let body: AppEventBody;
    if (action === "start_test") body = { action, testOrg: text("testOrg"), testSpace: text("testSpace"), testApp: text("testApp"), note, version };
    else if (action === "needs_privilege") body = { action, note: text("note"), version };
    // the waiver holds through the whole day chosen
    else if (action === "request_waiver") body = { action, note: text("note"), expiresAt: `${text("expiresOn")}T23:59:59Z`, version };
    else body = { action, note, version };
    setResult(null);
    mutation.mutate(body);
  }

  return (
    <details className="rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-700">{actionLabel(action)}</summary>
      <form onSubmit={submit} className="space-y-3 border-t border-slate-100 px-3 py-3" aria-label={actionLabel(action)}>
        <p className="text-xs text-slate-600">{needs.hint}</p>
        {needs.test && (
          <>
            <div>
              <label htmlFor={`${id}-org`} className={labelClass}>Test org</label>
              <input id={`${id}-org`} name="testOrg" required maxLength={255} defaultValue={workflow.test?.org ?? ""} className={inputClass} />
            </div>
            <div>
              <label htmlFor={`${id}-space`} className={labelClass}>Test space</label>
              <input id={`${id}-space`} name="testSpace" required maxLength={255} defaultValue={workflow.test?.space ?? ""} className={inputClass} />
            </div>
            <div>
              <label htmlFor={`${id}-app`} className={labelClass}>Test app name</label>
              <input id={`${id}-app`} name="testApp" required maxLength={255} defaultValue={workflow.test?.app ?? defaultTestApp} className={inputClass} />
            </div>
          </>
        )}
        {needs.expiry && (
          <div>
            <label htmlFor={`${id}-expiry`} className={labelClass}>Waiver expires on</label>
            <input id={`${id}-expiry`} name="expiresOn" type="date" required className={inputClass} />
          </div>
        )}
        <div>
          <label htmlFor={`${id}-note`} className={labelClass}>
            {needs.reason ? "Reason (required)" : "Note (optional)"}
          </label>
          <textarea id={`${id}-note`} name="note" rows={2} maxLength={2000} required={needs.reason} className={inputClass} />
        </div>
        <button type="submit" className={buttonClass} disabled={mutation.isPending}>
          {mutation.isPending ? "Saving…" : actionLabel(action)}
        </button>
      </form>
    </details>
  );
}

/** The workflow actions this viewer may take on the app, each a small form with the inputs it needs. */
export function ActionForms({ allowed, ...props }: Omit<FormProps, "onResult"> & { allowed: WorkflowAction[] }) {
  // kept here, not in a form: a form whose action the new status no longer allows goes away
  const [result, setResult] = useState<Result | null>(null);
  return (
    <div className="space-y-2">
      <div role="status" aria-live="polite" className="text-sm">
        {result?.kind === "done" && <p className="text-green-800">{result.message}</p>}
        {result?.kind === "error" && (
          <p className="text-red-700">
            {result.message}
            {result.allowed && (
              <> {result.allowed.length > 0 ? `You may now: ${result.allowed.map(actionLabel).join(", ")}.` : "Nothing can be done to the app now."} Reload the page to see its current state.</>
            )}
          </p>
        )}
      </div>
      {allowed.length === 0 ? (
        <p className="text-sm text-slate-600">There is nothing you can do to this app now: its status allows no action for your role, or it is outside your orgs and spaces.</p>
      ) : (
        allowed.map((a) => <ActionForm key={a} action={a} onResult={setResult} {...props} />)
      )}
    </div>
  );
}
