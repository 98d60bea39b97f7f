import Link from "next/link";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { linkClass } from "../empty-state";
import { formatBytes, formatCount, formatUtc } from "../format";
import { appsHref, foundationHref } from "../links";

/** Where an upload stands, as the form shows it. */
export type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; loaded: number; total: number }
  | { kind: "processing"; total: number }
  | { kind: "done"; total: number; foundation: string; created: boolean; snapshot: SnapshotDto }
  | { kind: "error"; total: number | null; status: number; message: string; line: number | null }
  | { kind: "cancelled" };

export function UploadProgress({ phase }: { phase: Phase }) {
  if (phase.kind === "idle" || phase.kind === "cancelled") return null;
  const total = phase.kind === "uploading" ? phase.total : (phase.total ?? 0);
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

export function UploadResult({ phase, showFoundationLink }: { phase: Extract<Phase, { kind: "done" }>; showFoundationLink: boolean }) {
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

export function UploadFailure({ phase }: { phase: Extract<Phase, { kind: "error" }> }) {
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
