import type { Reason } from "@/lib/readiness/readiness";
import { formatUtc } from "../format";
import { Prose } from "./prose";
import { EffectMark } from "./verdict";

/** Where a reason comes from: instance group and job of the manifest, or the snapshot's segment. */
function source(r: Reason): string | null {
  const e = r.evidence;
  const parts = [
    e.instanceGroup && `instance group ${e.instanceGroup}`,
    e.job && `job ${e.job}`,
    e.property && e.property,
    e.release && `release ${e.release}`,
    e.snapshotCapturedAt && `snapshot of ${formatUtc(e.snapshotCapturedAt)}`,
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : null;
}

/** The readiness checklist: conflicts first, then blockers, unknowns and notes, each with its evidence. */
export function ReasonList({ reasons, label }: { reasons: Reason[]; label: string }) {
  if (reasons.length === 0) return <p className="text-sm text-green-700">Nothing blocks turning privileged containers off.</p>;
  return (
    <ul aria-label={label} className="space-y-2">
      {reasons.map((r, i) => {
        const from = source(r);
        return (
          <li key={i} className="flex gap-2 text-sm" data-code={r.code}>
            <EffectMark effect={r.effect} />
            <div className="min-w-0">
              <p className="text-slate-800 [overflow-wrap:anywhere]">
                <Prose text={r.message} />
              </p>
              {from && <p className="text-xs text-slate-500 [overflow-wrap:anywhere]">{from}</p>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
