import { riskLabel, STATUS_DESCRIPTIONS, statusLabel } from "./format";

const base = "inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const STATUS_CLASSES: Record<string, string> = {
  untriaged: "bg-red-50 text-red-700 ring-red-200",
  testing: "bg-sky-50 text-sky-700 ring-sky-200",
  verified: "bg-teal-50 text-teal-700 ring-teal-200",
  needs_privilege: "bg-amber-50 text-amber-800 ring-amber-200",
  waived: "bg-violet-50 text-violet-700 ring-violet-200",
  restaged: "bg-sky-50 text-sky-700 ring-sky-200",
  migrated: "bg-green-50 text-green-700 ring-green-200",
};

/** Migration status; null (an app never seen privileged) shows as "—". */
export function StatusBadge({ status }: { status: string | null }) {
  if (status === null) return <span className="text-slate-400" title="never seen privileged: nothing to migrate">—</span>;
  return (
    <span className={`${base} ${STATUS_CLASSES[status] ?? "bg-slate-100 text-slate-700 ring-slate-200"}`} title={STATUS_DESCRIPTIONS[status]}>
      {statusLabel(status)}
    </span>
  );
}

export function RegressionBadge() {
  return (
    <span className={`${base} bg-red-600 text-white ring-red-600`} title="was migrated, runs privileged again">
      regression
    </span>
  );
}

export function PrivilegedBadge({ privileged }: { privileged: boolean }) {
  return privileged ? (
    <span className={`${base} bg-red-50 text-red-700 ring-red-200`}>privileged</span>
  ) : (
    <span className={`${base} bg-green-50 text-green-700 ring-green-200`}>unprivileged</span>
  );
}

export function RiskBadges({ risks }: { risks: string[] }) {
  if (risks.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {risks.map((r) => {
        const { label, title } = riskLabel(r);
        return (
          <span key={r} className={`${base} bg-amber-50 text-amber-800 ring-amber-200`} title={title}>
            {label}
          </span>
        );
      })}
    </span>
  );
}
