import { percentMigrated, type OrgCounts } from "@/lib/fleet/rollup";
import { formatCount } from "../format";

/**
 * An org's migration as a progress bar: migrated apps of those that needed migrating (migrated + still
 * privileged), with the figures in words beside it. A native <progress>: assistive technology announces it as a
 * progress bar with its value, and its geometry needs no style attribute (the CSP allows none).
 */
export function MigrationBar({ counts, label }: { counts: OrgCounts; label: string }) {
  const needed = counts.migratedApps + counts.privilegedApps;
  const pct = percentMigrated(counts);
  if (pct === null) return <span className="text-xs text-slate-600">none privileged</span>;
  const text = `${formatCount(counts.migratedApps)} of ${formatCount(needed)} migrated`;
  return (
    <span className="flex items-center gap-2">
      <progress
        value={counts.migratedApps}
        max={needed}
        aria-label={`${label}: ${text}`}
        className="h-2 w-24 shrink-0 appearance-none overflow-hidden rounded-full [&::-moz-progress-bar]:bg-green-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-green-600"
      />
      <span className="text-xs text-slate-700 tabular-nums" data-testid="migration-text">
        {text} ({pct} %)
      </span>
    </span>
  );
}
