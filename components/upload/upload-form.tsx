"use client";
import { useId, useRef, useState, type FormEvent } from "react";
import { buttonClass, secondaryButtonClass } from "../empty-state";
import { formatBytes } from "../format";
import { localToIsoUtc, validateFoundation } from "./fields";
import { UploadFailure, UploadProgress, UploadResult, type Phase } from "./upload-status";
import { UploadCancelled, UploadError, useSnapshotUpload } from "./use-snapshot-upload";

interface FieldErrors {
  foundation?: string;
  capturedAt?: string;
  file?: string;
}

/** The mutation's state as the phase the form shows. */
function phaseOf(upload: ReturnType<typeof useSnapshotUpload>): Phase {
  const { mutation: m, progress } = upload;
  const total = m.variables?.file.size ?? 0;
  if (m.isPending) return progress?.kind === "processing" ? { kind: "processing", total } : { kind: "uploading", loaded: progress?.kind === "sending" ? progress.loaded : 0, total };
  if (m.isSuccess) return { kind: "done", total, ...m.data };
  if (m.error instanceof UploadCancelled) return { kind: "cancelled" };
  if (m.error) {
    const e = m.error;
    return e instanceof UploadError
      ? { kind: "error", total, status: e.status, message: e.message, line: e.line }
      : { kind: "error", total, status: 0, message: "The upload failed in the browser. Reload the page and try again.", line: null };
  }
  return { kind: "idle" };
}

/** Uploads one `cfdot desired-lrps` dump, with its progress (see use-snapshot-upload.ts). */
export function UploadForm({
  foundation: fixedFoundation,
  defaultFoundation = "",
  knownFoundations = [],
}: {
  /** set on a foundation's page: the name is not asked for */
  foundation?: string;
  defaultFoundation?: string;
  knownFoundations?: string[];
}) {
  const id = useId();
  const upload = useSnapshotUpload();
  const [name, setName] = useState(fixedFoundation ?? defaultFoundation);
  const [capturedAt, setCapturedAt] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const nameRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const capturedRef = useRef<HTMLInputElement>(null);

  const phase = phaseOf(upload);
  const busy = upload.mutation.isPending;
  const capturedIso = localToIsoUtc(capturedAt);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const target = (fixedFoundation ?? name).trim();
    const next: FieldErrors = {
      foundation: fixedFoundation ? undefined : validateFoundation(target),
      capturedAt: capturedAt !== "" && capturedIso === null ? "Enter a complete date and time, or leave it empty for now." : undefined,
      file: file ? undefined : "Choose the dump file (the output of cfdot desired-lrps).",
    };
    setErrors(next);
    if (next.foundation) return nameRef.current?.focus();
    if (next.capturedAt) return capturedRef.current?.focus();
    if (next.file || !file) return fileRef.current?.focus();
    upload.start({ foundation: target, file, capturedAt: capturedIso });
  }

  const fieldClass = (bad: boolean) =>
    `mt-1 block w-full rounded-md border px-3 py-1.5 text-sm shadow-sm focus:outline-2 focus:outline-sky-600 ${bad ? "border-red-500" : "border-slate-300"}`;

  return (
    <div className="space-y-4">
      <form onSubmit={submit} noValidate className="space-y-4" aria-label={fixedFoundation ? `Upload a snapshot of ${fixedFoundation}` : "Upload a snapshot"}>
        {!fixedFoundation && (
          <div>
            <label htmlFor={`${id}-foundation`} className="block text-sm font-medium text-slate-800">
              Foundation name
            </label>
            <input
              ref={nameRef}
              id={`${id}-foundation`}
              name="foundation"
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                // Checked on submit, then re-checked while typing once an error shows. Not on blur: a message
                // appearing or vanishing on blur moves the submit button away from under the pointer mid-click.
                if (errors.foundation) setErrors((er) => ({ ...er, foundation: validateFoundation(e.target.value.trim()) }));
              }}
              list={knownFoundations.length ? `${id}-known` : undefined}
              placeholder="prod-us-east"
              autoComplete="off"
              spellCheck={false}
              disabled={busy}
              aria-invalid={!!errors.foundation}
              aria-describedby={`${id}-foundation-help${errors.foundation ? ` ${id}-foundation-error` : ""}`}
              className={fieldClass(!!errors.foundation)}
            />
            {knownFoundations.length > 0 && (
              <datalist id={`${id}-known`}>
                {knownFoundations.map((f) => (
                  <option key={f} value={f} />
                ))}
              </datalist>
            )}
            <p id={`${id}-foundation-help`} className="mt-1 text-xs text-slate-500">
              Lower-case letters, digits and dashes. A new name creates the foundation.
            </p>
            {errors.foundation && (
              <p id={`${id}-foundation-error`} className="mt-1 text-sm font-medium text-red-700">
                {errors.foundation}
              </p>
            )}
          </div>
        )}

        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            Dump file
          </label>
          <input
            ref={fileRef}
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".ndjson,.json,.gz,.txt"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setErrors((er) => ({ ...er, file: undefined }));
            }}
            aria-invalid={!!errors.file}
            aria-describedby={`${id}-file-help${errors.file ? ` ${id}-file-error` : ""}`}
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
          />
          <p id={`${id}-file-help`} className="mt-1 text-xs text-slate-500">
            {file ? `${file.name}, ${formatBytes(file.size)}. ` : ""}NDJSON or a JSON array, plain or gzipped. Secrets in it are never stored.
          </p>
          {errors.file && (
            <p id={`${id}-file-error`} className="mt-1 text-sm font-medium text-red-700">
              {errors.file}
            </p>
          )}
        </div>

        <div>
          <label htmlFor={`${id}-captured`} className="block text-sm font-medium text-slate-800">
            Captured at <span className="font-normal text-slate-500">(optional, your local time)</span>
          </label>
          <input
            ref={capturedRef}
            id={`${id}-captured`}
            name="capturedAt"
            type="datetime-local"
            value={capturedAt}
            onChange={(e) => setCapturedAt(e.target.value)}
            disabled={busy}
            aria-invalid={!!errors.capturedAt}
            aria-describedby={`${id}-captured-help${errors.capturedAt ? ` ${id}-captured-error` : ""}`}
            className={`${fieldClass(!!errors.capturedAt)} max-w-xs`}
          />
          <p id={`${id}-captured-help`} className="mt-1 text-xs text-slate-500">
            {capturedIso ? `Sent as ${capturedIso}.` : "When the dump was taken; empty means now."}
          </p>
          {errors.capturedAt && (
            <p id={`${id}-captured-error`} className="mt-1 text-sm font-medium text-red-700">
              {errors.capturedAt}
            </p>
          )}
        </div>

        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? "Uploading…" : "Upload snapshot"}
          </button>
          {phase.kind === "uploading" && (
            <button type="button" className={secondaryButtonClass} onClick={upload.cancel}>
              Cancel
            </button>
          )}
        </div>
      </form>

      <UploadProgress phase={phase} />
      {phase.kind === "done" && <UploadResult phase={phase} showFoundationLink={!fixedFoundation} />}
      {phase.kind === "error" && <UploadFailure phase={phase} />}
      {phase.kind === "cancelled" && (
        <p role="status" className="text-sm text-slate-600">
          Upload cancelled. Nothing was recorded.
        </p>
      )}
    </div>
  );
}

