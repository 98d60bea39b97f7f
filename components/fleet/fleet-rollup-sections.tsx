import type { FleetRollupView } from "@/lib/data/fleet";
import { OrgRollup } from "./org-rollup";
import { StuckSection } from "./stuck";

/** The who-is-stuck and roll-up sections of `/`, once a foundation has a snapshot. */
export function FleetRollupSections({ view, rollup, stuck }: FleetRollupView) {
  if (rollup.foundations.length === 0) return null;
  return (
    <div className="mt-8 space-y-8">
      <StuckSection data={stuck} />
      <OrgRollup data={rollup} view={view} />
    </div>
  );
}
