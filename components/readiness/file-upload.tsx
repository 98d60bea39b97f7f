"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { foundationKey } from "../app-queries";
import { buttonClass } from "../empty-state";
import { uploadFile } from "./queries";

type State = { kind: "idle" } | { kind: "busy" } | { kind: "done"; message: string } | { kind: "error"; message: string };

/** One file posted as the request body; on success the foundation's queries and server-rendered parts refresh. */
export function FileUpload<T>({
  foundation,
  url,
  label,
  button,
  accept,
  describe,
}: {
  foundation: string;
  url: string;
  label: string;
  button: string;
  accept?: string;
  /** what to tell the user about the server's answer */
  describe: (answer: T) => string;
}) {
  const id = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ kind: "idle" });

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setState({ kind: "error", message: "Choose a file first." });
      return;
    }
    setState({ kind: "busy" });
    try {
      const answer = await uploadFile<T>(url, file);
      setState({ kind: "done", message: describe(answer) });
      await queryClient.invalidateQueries({ queryKey: foundationKey(foundation) });
      router.refresh();
    } catch (err) {
      setState({ kind: "error", message: err instanceof Error ? err.message : "The upload failed." });
    }
  }

  return (
    <form onSubmit={submit} className="space-y-2">
      <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={`${id}-file`}
        type="file"
        accept={accept}
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium"
      />
      <button type="submit" className={buttonClass} disabled={state.kind === "busy"}>
        {state.kind === "busy" ? "Uploading…" : button}
      </button>
      <p role="status" aria-live="polite" className={`text-sm ${state.kind === "error" ? "text-red-700" : "text-slate-700"}`}>
        {state.kind === "done" || state.kind === "error" ? state.message : ""}
      </p>
    </form>
  );
}
