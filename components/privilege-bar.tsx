import { formatCount } from "./format";

/** Privileged vs total apps as a horizontal bar, with the counts in words beside it. */
export function PrivilegeBar({ privileged, total, className = "" }: { privileged: number; total: number; className?: string }) {
  const pct = total > 0 ? (privileged / total) * 100 : 0;
  const text = `${formatCount(privileged)} of ${formatCount(total)} privileged`;
  return (
    <div className={`flex min-w-0 items-center gap-3 ${className}`}>
      {/* SVG geometry, not a style attribute: the Content-Security-Policy allows no inline style */}
      <svg className="h-2 w-32 shrink-0 overflow-hidden rounded-full bg-green-200" role="img" aria-label={`${text} (${Math.round(pct)} %)`}>
        <title>{`${text} (${Math.round(pct)} %)`}</title>
        <rect className="fill-red-500" width={`${pct}%`} height="100%" rx="4" />
      </svg>
      <span className="whitespace-nowrap text-xs tabular-nums text-slate-600">
        {privileged > 0 ? <span className="font-medium text-red-700">{formatCount(privileged)}</span> : formatCount(privileged)} of{" "}
        {formatCount(total)} privileged
      </span>
    </div>
  );
}
