"use client";
// A client component: the page carries the rows once, as data (28 KB at 20 foundations), rather than twice
// (HTML and React's element tree of 500 cells); it is still rendered on the server.
import Link from "next/link";
import type { RollupPageDto } from "@/lib/data/fleet";
import { percentMigrated, type OrgCounts } from "@/lib/fleet/rollup";
import type { FleetRollupPageQuery } from "@/lib/schemas/fleet";
import { linkClass, secondaryButtonClass } from "../empty-state";
import { formatCount } from "../format";
import { orgHref } from "../links";
import { Pager } from "../pager";
import { MigrationBar } from "./migration-bar";
import { OverdueLabel } from "./overdue-label";

/** `/` with the roll-up's page, search and overdue filter; the section's anchor keeps the reader where they were. */
function rollupHref(view: FleetRollupPageQuery): string {
  const sp = new URLSearchParams();
  if (view.orgSearch) sp.set("orgSearch", view.orgSearch);
  if (view.orgOverdue) sp.set("orgOverdue", "1");
  if (view.orgPage > 1) sp.set("orgPage", String(view.orgPage));
  const qs = sp.toString();
  return `/${qs ? `?${qs}` : ""}#org-rollup`;
}

/**
 * "3 of 40" over "25 % migrated": words and weight, not colour alone, carry the figures. Markup is minimal (the
 * table styles its cells): 25 rows × 20 foundations are 500 cells.
 */
function Cell({ c, overdue = false }: { c: OrgCounts; overdue?: boolean }) {
  const pct = percentMigrated(c);
  return (
    <>
      {c.privilegedApps > 0 ? <b>{formatCount(c.privilegedApps)}</b> : formatCount(c.privilegedApps)}
      {` of ${formatCount(c.apps)} `}
      {overdue && <OverdueLabel />}
      <small>{pct === null ? "none privileged" : `${pct} % migrated`}</small>
    </>
  );
}

function emptyText(view: FleetRollupPageQuery): string {
  if (view.orgOverdue) return view.orgSearch ? "No overdue org name contains that text." : "No org is overdue.";
  return view.orgSearch ? "No org name contains that text." : "No orgs on this page.";
}

/** Fleet roll-up: one row per org name over every foundation's latest snapshot, foundations as columns. */
export function OrgRollup({ data, view }: { data: RollupPageDto; view: FleetRollupPageQuery }) {
  if (data.foundations.length === 0) return null;
  return (
    <section aria-labelledby="org-rollup-title" id="org-rollup" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="org-rollup-title" className="text-lg font-semibold">
            Orgs across foundations
          </h2>
          <p className="text-sm text-slate-600">
            An org name on several foundations is one row. Each cell: privileged apps remaining of the org&apos;s apps, and the share of its
            once-privileged apps that are migrated. Most privileged apps first. &ldquo;Overdue&rdquo;: privileged apps remain on a foundation
            past its target date.
          </p>
        </div>
        <form action="/" method="get" role="search" aria-label="Orgs across foundations" className="flex flex-wrap items-center gap-2">
          <label htmlFor="rollup-search" className="text-sm text-slate-600">
            Find an org
          </label>
          <input id="rollup-search" name="orgSearch" type="search" defaultValue={view.orgSearch} placeholder="part of its name" className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm" />
          {view.orgOverdue && <input type="hidden" name="orgOverdue" value="1" />}
          <button type="submit" className={secondaryButtonClass}>
            Find
          </button>
          {(view.orgSearch !== "" || view.orgOverdue) && (
            <Link href={rollupHref({ orgPage: 1, orgSearch: "", orgOverdue: false })} className={linkClass}>
              Show every org
            </Link>
          )}
          {!view.orgOverdue && (
            <Link href={rollupHref({ ...view, orgPage: 1, orgOverdue: true })} className={linkClass}>
              Only overdue orgs
            </Link>
          )}
        </form>
      </div>
      {data.orgs.length === 0 ? (
        <p className="text-sm text-slate-600">{emptyText(view)}</p>
      ) : (
        // a column per foundation: wide fleets scroll sideways, and the keyboard must reach the hidden columns
        <div tabIndex={0} role="region" aria-label="Orgs across foundations, scrollable" className="overflow-x-auto rounded-lg border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-slate-900">
          <table className="w-full text-sm [&_b]:font-semibold [&_b]:text-red-700 [&_small]:block [&_small]:text-xs [&_small]:text-slate-500 [&_td]:px-3 [&_td]:py-2 [&_td]:whitespace-nowrap [&_td]:tabular-nums">
            <caption className="sr-only">Orgs across foundations</caption>
            <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-3 py-2">Org</th>
                <th scope="col" className="px-3 py-2">Migrated</th>
                <th scope="col" className="px-3 py-2">All foundations</th>
                {data.foundations.map((f) => (
                  <th key={f} scope="col" className="px-3 py-2 normal-case">
                    {f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {data.orgs.map((o) => (
                <tr key={o.name} data-org={o.name}>
                  <th scope="row" className="px-3 py-2 text-left font-medium break-all">
                    <Link href={orgHref(o.name)} className={linkClass}>
                      {o.name}
                    </Link>
                    {o.overdue && <OverdueLabel />}
                  </th>
                  <td>
                    <MigrationBar counts={o.total} label={o.name} />
                  </td>
                  <td>
                    <Cell c={o.total} />
                  </td>
                  {data.foundations.map((f) => {
                    const c = o.foundations[f];
                    return <td key={f}>{c ? <Cell c={c} overdue={o.overdueOn.includes(f)} /> : "—"}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Org roll-up pages" noun="orgs" page={data.page} pageSize={data.pageSize} total={data.total} href={(orgPage) => rollupHref({ ...view, orgPage })} />
    </section>
  );
}
