import type { Effect, Verdict } from "@/lib/readiness/readiness";

const base = "inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset";

const VERDICT: Record<Verdict, { label: string; className: string; title: string }> = {
  ready: { label: "ready", className: "bg-green-50 text-green-700 ring-green-200", title: "privileged containers can be turned off" },
  blocked: { label: "blocked", className: "bg-red-50 text-red-700 ring-red-200", title: "something still needs privileged containers" },
  unknown: { label: "unknown", className: "bg-slate-100 text-slate-700 ring-slate-300", title: "a manifest or a fresh snapshot is missing" },
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  const v = VERDICT[verdict];
  return (
    <span className={`${base} ${v.className}`} title={v.title} data-verdict={verdict}>
      {v.label}
    </span>
  );
}

const EFFECT: Record<Effect, { mark: string; className: string; label: string }> = {
  conflict: { mark: "!", className: "bg-red-600 text-white", label: "conflict" },
  blocks: { mark: "✕", className: "bg-red-100 text-red-700", label: "blocks" },
  unknown: { mark: "?", className: "bg-slate-200 text-slate-700", label: "unknown" },
  note: { mark: "i", className: "bg-sky-100 text-sky-700", label: "note" },
};

/** The mark in front of a checklist line; its label is read out to screen readers. */
export function EffectMark({ effect }: { effect: Effect }) {
  const e = EFFECT[effect];
  return (
    <span className={`inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${e.className}`} title={e.label}>
      <span aria-hidden="true">{e.mark}</span>
      <span className="sr-only">{e.label}:</span>
    </span>
  );
}
