import Link from "next/link";
import type { OrgProgressDto } from "@/lib/data/org-progress";
import { linkClass } from "../empty-state";
import { formatCount } from "../format";
import { appsHref, foundationHref, orgHref } from "../links";
import { Burndown } from "../progress/burndown";
import { MigrationBar } from "./migration-bar";
import { OverdueLabel } from "./overdue-label";

/** `/orgs/{name}`: the org's migration across foundations, its burndown, and its share of each foundation. */
export function OrgProgress({ org, burndownPage }: { org: OrgProgressDto; burndownPage: number }) {
  const overdueOn = org.foundations.filter((f) => f.overdue).map((f) => f.name);
  return (
    <div className="space-y-6">
      <section aria-labelledby="org-status" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="org-status" className="text-lg font-semibold">
          Status
          {org.overdue && <OverdueLabel />}
        </h2>
        <MigrationBar counts={org.total} label={org.name} />
        <p className="text-sm text-slate-700">
          {formatCount(org.total.privilegedApps)} privileged of {formatCount(org.total.apps)} apps in the foundations&apos; latest snapshots.{" "}
          {org.overdue
            ? `Privileged apps remain past the target date on ${overdueOn.join(", ")}.`
            : org.targetDate === null
              ? "None of its foundations has a target date."
              : `Next target date: ${org.targetDate}.`}
        </p>
      </section>

      <Burndown
        id="org-burndown"
        title="Burndown across foundations"
        points={org.points}
        projection={org.projection}
        targetDate={org.targetDate}
        overdue={org.overdue}
        tablePage={burndownPage}
        pageHref={(page) => `${orgHref(org.name)}${page === 1 ? "" : `?burndownPage=${page}`}#org-burndown`}
      />

      <section aria-labelledby="org-foundations" className="space-y-2">
        <h2 id="org-foundations" className="text-lg font-semibold">
          Foundations
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm [&_td]:px-3 [&_td]:py-2 [&_td]:tabular-nums">
            <caption className="sr-only">The org on each foundation</caption>
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">Foundation</th>
                <th scope="col" className="px-3 py-2 text-right">Apps</th>
                <th scope="col" className="px-3 py-2 text-right">Privileged apps</th>
                <th scope="col" className="px-3 py-2">Migrated</th>
                <th scope="col" className="px-3 py-2">Target date</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {org.foundations.map((f) => (
                <tr key={f.name} data-foundation={f.name}>
                  <th scope="row" className="px-3 py-2 text-left font-medium">
                    <Link href={foundationHref(f.name)} className={linkClass}>
                      {f.name}
                    </Link>
                  </th>
                  <td className="text-right">
                    <CountLink n={f.counts.apps} href={f.appsOrg === null ? null : appsHref(f.name, { org: f.appsOrg })} label={`${org.name}'s apps on ${f.name}`} />
                  </td>
                  <td className="text-right">
                    <CountLink
                      n={f.counts.privilegedApps}
                      href={f.appsOrg === null ? null : appsHref(f.name, { org: f.appsOrg, privileged: "true" })}
                      label={`${org.name}'s privileged apps on ${f.name}`}
                    />
                  </td>
                  <td>
                    <MigrationBar counts={f.counts} label={`${org.name} on ${f.name}`} />
                  </td>
                  <td>
                    {f.targetDate ?? "—"}
                    {f.overdue && <OverdueLabel />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="text-xs text-slate-500">
          Counts are of each foundation&apos;s latest snapshot; a foundation listed with no apps had this org only in earlier snapshots.
        </p>
      </section>
    </div>
  );
}

/** A count that leads to the apps it counts, when there are any and the app list can select them. */
function CountLink({ n, href, label }: { n: number; href: string | null; label: string }) {
  if (href === null || n === 0) return <>{formatCount(n)}</>;
  return (
    <Link href={href} className={linkClass} aria-label={`${label} (${formatCount(n)})`}>
      {formatCount(n)}
    </Link>
  );
}
