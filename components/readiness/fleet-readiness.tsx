import Link from "next/link";
import type { FoundationVerdictDto } from "@/lib/schemas/readiness";
import { linkClass } from "../empty-state";
import { foundationHref } from "../links";
import { Section } from "../page-header";
import { Prose } from "./prose";
import { VerdictBadge } from "./verdict";

/** `/`: can each foundation turn privileged containers off, from its latest manifest and snapshot. */
export function FleetReadiness({ foundations }: { foundations: FoundationVerdictDto[] }) {
  if (foundations.length === 0) return null;
  return (
    <div className="mt-6">
      <Section title="Readiness to turn privileged containers off" id="fleet-readiness" description="Per foundation and isolation segment, from the latest BOSH manifest and snapshot.">
        <table className="w-full text-sm">
          <caption className="sr-only">Readiness per foundation</caption>
          <thead className="text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-2">Foundation</th>
              <th scope="col" className="px-2 py-1">Verdict</th>
              <th scope="col" className="px-2 py-1">Segments</th>
              <th scope="col" className="py-1 pl-2">First reason</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {foundations.map((f) => (
              <tr key={f.name} data-foundation={f.name}>
                {/* a cell, not a row header: the fleet table above already names each foundation as its row header */}
                <td className="py-2 pr-2 font-medium">
                  <Link href={`${foundationHref(f.name)}#readiness-heading`} className={linkClass}>
                    {f.name}
                  </Link>
                </td>
                <td className="px-2 py-2">
                  <VerdictBadge verdict={f.verdict} />
                </td>
                <td className="px-2 py-2">
                  <span className="flex flex-wrap gap-1">
                    {f.segments.map((s) => (
                      <span key={s.name} className="inline-flex items-center gap-1 text-xs text-slate-600 [overflow-wrap:anywhere]">
                        {s.name} <VerdictBadge verdict={s.verdict} />
                      </span>
                    ))}
                  </span>
                </td>
                <td className="py-2 pl-2 text-slate-700 [overflow-wrap:anywhere]">{f.reason ? <Prose text={f.reason} /> : <span className="text-green-700">nothing blocks</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
