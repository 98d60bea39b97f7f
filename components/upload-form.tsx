"use client";
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { FOUNDATION_NAME } from "@/lib/schemas/foundation";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { foundationKey, foundationsKey } from "./app-queries";
import { buttonClass, linkClass, secondaryButtonClass } from "./empty-state";
import { formatCount, formatBytes, formatUtc } from "./format";
import { appsHref, foundationHref } from "./links";

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; loaded: number; total: number }
  | { kind: "processing"; total: number }
  | { kind: "done"; total: number; foundation: string; created: boolean; snapshot: SnapshotDto }
  | { kind: "error"; total: number | null; status: number; message: string; line: number | null }
  | { kind: "cancelled" };

interface FieldErrors {
  foundation?: string;
  capturedAt?: string;
  file?: string;
}

function validateFoundation(name: string): string | undefined {
  if (name === "") return "Enter the foundation's name, e.g. prod-us-east.";
  if (FOUNDATION_NAME.test(name)) return undefined;
  if (name.length > 63) return `The name is ${name.length} characters long; at most 63 are allowed.`;
  const problems: string[] = [];
  if (/[A-Z]/.test(name)) problems.push("upper-case letters");
  if (/\s/.test(name)) problems.push("spaces");
  if (/[^A-Za-z0-9\s-]/.test(name)) problems.push("characters other than dashes");
  if (name.startsWith("-")) problems.push("a leading dash");
  return `Use lower-case letters, digits and dashes only (a slug such as prod-us-east); this name has ${problems.join(" and ")}.`;
}

/** datetime-local gives a local wall-clock time without zone: read it as local, send it as ISO UTC. */
function localToIsoUtc(local: string): string | null {
  if (local === "") return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(".000Z", "Z");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Uploads one `cfdot desired-lrps` dump. The File is the raw request body (not multipart): the server
 * streams it, and XMLHttpRequest is the browser API that reports upload progress.
 */
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
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(fixedFoundation ?? defaultFoundation);
  const [capturedAt, setCapturedAt] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const xhrRef = useRef<XMLHttpRequest | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const capturedRef = useRef<HTMLInputElement>(null);

  useEffect(() => () => xhrRef.current?.abort(), []);

  const busy = phase.kind === "uploading" || phase.kind === "processing";
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
    start(target, file);
  }

  function start(target: string, upload: File) {
    const url = `/api/foundations/${encodeURIComponent(target)}/snapshots${capturedIso ? `?capturedAt=${encodeURIComponent(capturedIso)}` : ""}`;
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    const total = upload.size;
    setPhase({ kind: "uploading", loaded: 0, total });
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (ev) => setPhase({ kind: "uploading", loaded: ev.loaded, total: ev.lengthComputable ? ev.total : total });
    // Every byte is sent; the server still parses and publishes the snapshot before it answers.
    xhr.upload.onload = () => setPhase({ kind: "processing", total });
    xhr.onload = () => {
      xhrRef.current = null;
      const body = parseJson(xhr.responseText) as { snapshot?: SnapshotDto; error?: unknown; line?: unknown } | null;
      if ((xhr.status === 200 || xhr.status === 201) && body?.snapshot) {
        setPhase({ kind: "done", total, foundation: target, created: xhr.status === 201, snapshot: body.snapshot });
        void queryClient.invalidateQueries({ queryKey: foundationKey(target) });
        void queryClient.invalidateQueries({ queryKey: foundationsKey });
        router.refresh();
        return;
      }
      setPhase({
        kind: "error",
        total,
        status: xhr.status,
        message: typeof body?.error === "string" ? body.error : `The server answered HTTP ${xhr.status} without an explanation.`,
        line: typeof body?.line === "number" ? body.line : null,
      });
    };
    xhr.onerror = () => {
      xhrRef.current = null;
      setPhase({ kind: "error", total, status: 0, message: "The upload did not reach the server (network error). Check the connection and try again.", line: null });
    };
    xhr.onabort = () => {
      xhrRef.current = null;
      setPhase({ kind: "cancelled" });
    };
    xhr.send(upload);
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
            <button type="button" className={secondaryButtonClass} onClick={() => xhrRef.current?.abort()}>
              Cancel
            </button>
          )}
        </div>
      </form>

      <UploadProgress phase={phase} />
      {phase.kind === "done" && <UploadResult phase={phase} showFoundationLink={!fixedFoundation} />}
      {phase.kind === "error" && <UploadError phase={phase} />}
      {phase.kind === "cancelled" && (
        <p role="status" className="text-sm text-slate-600">
          Upload cancelled. Nothing was recorded.
        </p>
      )}
    </div>
  );
}

function UploadProgress({ phase }: { phase: Phase }) {
  if (phase.kind === "idle" || phase.kind === "cancelled") return null;
  const total = phase.kind === "uploading" ? phase.total : phase.total ?? 0;
  const loaded = phase.kind === "uploading" ? phase.loaded : total;
  const pct = total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 100;
  const label =
    phase.kind === "uploading"
      ? `Uploading… ${pct} %`
      : phase.kind === "processing"
        ? "Processing… the server is reading the dump"
        : phase.kind === "done"
          ? "Upload complete"
          : "Upload finished with an error";
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3">
      <div className="mb-1 flex items-center justify-between text-xs text-slate-600">
        <span aria-live="polite" className={phase.kind === "processing" ? "animate-pulse font-medium text-slate-800" : undefined}>
          {label}
        </span>
        <span className="tabular-nums">
          {formatBytes(loaded)} of {formatBytes(total)} sent · {pct} %
        </span>
      </div>
      <progress max={100} value={pct} aria-label="Upload progress" className="h-2 w-full overflow-hidden rounded-full [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-sky-600" />
    </div>
  );
}

function UploadResult({ phase, showFoundationLink }: { phase: Extract<Phase, { kind: "done" }>; showFoundationLink: boolean }) {
  const s = phase.snapshot;
  const other = Object.entries(s.otherDomains);
  return (
    <div role="status" aria-label="Upload result" className="rounded-md border border-green-300 bg-green-50 p-4 text-sm">
      <p className="text-base font-semibold text-green-900">
        {phase.created
          ? `New snapshot #${s.id} of ${phase.foundation}`
          : `Identical to snapshot #${s.id} — recorded as observed again`}
      </p>
      <p className="mt-1 text-green-900">
        {formatCount(s.privilegedApps)} privileged app{s.privilegedApps === 1 ? "" : "s"} of {formatCount(s.apps)} apps, {formatCount(s.privilegedInstances)}{" "}
        privileged container{s.privilegedInstances === 1 ? "" : "s"}.
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-slate-700">
        <div>
          <dt className="inline text-slate-500">Captured at: </dt>
          <dd className="inline">{formatUtc(s.capturedAt)}</dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Observed: </dt>
          <dd className="inline">
            {s.observedAt.length} time{s.observedAt.length === 1 ? "" : "s"}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">LRPs: </dt>
          <dd className="inline">
            {formatCount(s.lrps)} ({formatCount(s.appLrps)} cf-apps{other.length ? `, ${other.map(([d, n]) => `${formatCount(n)} ${d}`).join(", ")}` : ""})
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">Privileged LRPs: </dt>
          <dd className="inline">{formatCount(s.privilegedLrps)}</dd>
        </div>
      </dl>
      {s.warnings.length > 0 && (
        <div className="mt-3 rounded border border-amber-300 bg-amber-50 p-2 text-amber-900">
          <p className="font-medium">Warnings</p>
          <ul className="list-disc pl-5">
            {s.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="mt-3 flex flex-wrap gap-4">
        {showFoundationLink && (
          <Link href={foundationHref(phase.foundation)} className={`${linkClass} font-medium`}>
            Open foundation {phase.foundation} →
          </Link>
        )}
        <Link href={appsHref(phase.foundation, { privileged: "true" })} className={`${linkClass} font-medium`}>
          Its privileged apps ({formatCount(s.privilegedApps)}) →
        </Link>
      </p>
    </div>
  );
}

function UploadError({ phase }: { phase: Extract<Phase, { kind: "error" }> }) {
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="text-base font-semibold">
        Upload rejected{phase.status ? ` (HTTP ${phase.status})` : ""}
        {phase.line !== null && <span className="ml-2 rounded bg-red-600 px-2 py-0.5 text-sm font-semibold text-white">Line {phase.line}</span>}
      </p>
      <p className="mt-1 break-words font-medium">{phase.message}</p>
      <p className="mt-2 text-red-800">
        Nothing was recorded: a snapshot is all or nothing.
        {phase.line !== null && (
          <>
            {" "}
            Check line {phase.line} of the file (or re-run <code className="rounded bg-red-100 px-1">cfdot desired-lrps</code>: a cut-off run
            leaves a broken last line) and upload again.
          </>
        )}
      </p>
    </div>
  );
}
