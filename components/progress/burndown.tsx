import Link from "next/link";
import type { ReactNode } from "react";
import type { ProjectionDto, TotalPointDto } from "@/lib/data/progress";
import { STATUSES } from "@/lib/migration/state-machine";
import { downsample } from "@/lib/progress/downsample";
import { pointPage, type PointPage } from "@/lib/progress/point-page";
import { BURNDOWN_TABLE_PAGE_SIZE } from "@/lib/schemas/progress";
import { secondaryButtonClass } from "../empty-state";
import { formatCount, formatUtc, statusLabel } from "../format";
import { disabledClass } from "../pager";
import { IfAllowed } from "../viewer";
import { BurndownChart } from "./burndown-chart";
import { toColumns, type ChartColumns, type ChartPoint } from "./chart-columns";
import { REMAINING_STATUSES, type Remaining } from "./statuses";
import { TargetForm } from "./target-form";

/**
 * Points the chart is sent at most. Its plot is at most about 510 px wide (half of the max-w-7xl page, less the
 * axis), so 180 points are one per 3 px: more (a year of daily snapshots is 365) add page weight, not detail.
 */
const CHART_MAX_POINTS = 180;

const day = (iso: string) => iso.slice(0, 10);

/** The projection as a sentence a manager can repeat. */
export function projectionText(p: ProjectionDto): string {
  switch (p.kind) {
    case "unknown":
      return "Not enough snapshots yet to project a finish date.";
    case "done":
      return `No privileged apps since ${day(p.since)}.`;
    case "flat":
      return `No progress in ${p.days} day${p.days === 1 ? "" : "s"}: at this pace it never finishes.`;
    case "finishing":
      return p.pessimistic === null
        ? `At the recent pace (${p.perDay} apps a day) it finishes around ${day(p.expected)}, as early as ${day(p.optimistic)}; the slowest plausible pace never finishes.`
        : `At the recent pace (${p.perDay} apps a day) it finishes between ${day(p.optimistic)} and ${day(p.pessimistic)} (most likely ${day(p.expected)}).`;
  }
}

/** The chart's points: every status band and the stack's top keep their extremes (lib/progress/downsample.ts). */
function chartColumns(points: TotalPointDto[]): ChartColumns {
  const all = points.map((p): ChartPoint => {
    const bands = Object.fromEntries(REMAINING_STATUSES.map((s) => [s, p.statuses[s]])) as Record<Remaining, number>;
    return { t: Date.parse(p.capturedAt), ...bands };
  });
  return toColumns(
    downsample(all, CHART_MAX_POINTS, (p) => {
      const bands = REMAINING_STATUSES.map((s) => p[s]);
      return [...bands, bands.reduce((a, b) => a + b, 0)];
    }),
  );
}

function caption(shown: PointPage, total: number): string {
  if (shown.pages === 1) return `Burndown data: all ${formatCount(total)} point${total === 1 ? "" : "s"}, oldest first`;
  const which = shown.page === 1 ? "the latest" : shown.page === shown.pages ? "the first" : "";
  return `Burndown data: points ${formatCount(shown.from + 1)}–${formatCount(shown.to)} of ${formatCount(total)}${which && ` (${which})`}, oldest first`;
}

function PageLink({ to, href, children }: { to: number | null; href: (page: number) => string; children: ReactNode }) {
  return to === null ? (
    <span aria-disabled="true" className={disabledClass}>
      {children}
    </span>
  ) : (
    <Link href={href(to)} className={secondaryButtonClass}>
      {children}
    </Link>
  );
}

/** An arrow beside a link's words: decoration, so that the words alone name the link. */
const Arrow = ({ children }: { children: string }) => <span aria-hidden="true">{children}</span>;

/**
 * Plain links through the table's pages, newest page first (components/pager.tsx counts from the oldest row):
 * they work without JavaScript and from the keyboard, and the URL says which points are shown.
 */
function TablePager({ label, shown, href }: { label: string; shown: PointPage; href: (page: number) => string }) {
  if (shown.pages === 1) return null;
  const earlier = shown.page < shown.pages;
  const later = shown.page > 1;
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
      <PageLink to={earlier ? shown.pages : null} href={href}>
        <Arrow>«</Arrow> Oldest points
      </PageLink>
      <PageLink to={earlier ? shown.page + 1 : null} href={href}>
        <Arrow>‹</Arrow> Earlier points
      </PageLink>
      <PageLink to={later ? shown.page - 1 : null} href={href}>
        Later points <Arrow>›</Arrow>
      </PageLink>
      <PageLink to={later ? 1 : null} href={href}>
        Latest points <Arrow>»</Arrow>
      </PageLink>
    </nav>
  );
}

/** The accessible view of the burndown: one page of its points as a table, and the links to the other pages. */
function DataTable({ title, points, shown, pageHref }: { title: string; points: TotalPointDto[]; shown: PointPage; pageHref: (page: number) => string }) {
  return (
    <div className="space-y-2">
      {/* a page of points scrolls: focusable so that keyboards can scroll it */}
      <div className="max-h-72 overflow-auto" tabIndex={0} role="region" aria-label={`${title}: data, scrollable`}>
        <table className="w-full text-xs [&_td]:px-2 [&_td]:py-1 [&_td]:text-right [&_td]:tabular-nums">
          <caption className="text-left text-sm font-medium text-slate-700">{caption(shown, points.length)}</caption>
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-1">Captured</th>
              <th scope="col" className="px-2 py-1 text-right">Privileged apps</th>
              {STATUSES.map((s) => (
                <th key={s} scope="col" className="px-2 py-1 text-right">
                  {statusLabel(s)}
                </th>
              ))}
              <th scope="col" className="px-2 py-1 text-right">Absent</th>
              <th scope="col" className="px-2 py-1 text-right">Regressions</th>
            </tr>
          </thead>
          {/* the table styles its cells: a page of 30 points is 300 of them, each sent as HTML and as React's tree */}
          <tbody className="divide-y divide-slate-100">
            {points.slice(shown.from, shown.to).map((p) => (
              <tr key={p.capturedAt}>
                <th scope="row" className="px-2 py-1 text-left font-normal">
                  <time dateTime={p.capturedAt}>{formatUtc(p.capturedAt)}</time>
                </th>
                <td>{formatCount(p.privilegedApps)}</td>
                {STATUSES.map((s) => (
                  <td key={s}>{formatCount(p.statuses[s])}</td>
                ))}
                <td>{formatCount(p.absent)}</td>
                <td>{formatCount(p.regressions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <TablePager label={`${title} data pages`} shown={shown} href={pageHref} />
    </div>
  );
}

/**
 * The burndown of privileged apps: chart (drawn in the browser) and, beside it, the same numbers as a
 * server-rendered table, the accessible view. Both are bounded whatever the history's length: the chart gets
 * at most CHART_MAX_POINTS of the points, the table a page of them (`tablePage`, 1 the latest; `pageHref` links
 * the others). `foundation` given: its target date can be set here by an admin.
 */
export function Burndown({
  id,
  title,
  points,
  projection,
  targetDate,
  overdue,
  foundation,
  tablePage,
  pageHref,
}: {
  id: string;
  title: string;
  points: TotalPointDto[];
  projection: ProjectionDto;
  targetDate: string | null;
  overdue: boolean;
  foundation?: string;
  tablePage: number;
  pageHref: (page: number) => string;
}) {
  const shown = pointPage(points.length, tablePage, BURNDOWN_TABLE_PAGE_SIZE);
  const baseline = points[0]?.privilegedApps ?? 0;
  const headingId = `${id}-heading`;
  return (
    <section id={id} aria-labelledby={headingId} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          {title}
        </h2>
        <p className="text-sm text-slate-700">
          {targetDate === null ? (
            "No target date"
          ) : (
            <>
              Target date: <time dateTime={targetDate}>{targetDate}</time>
              {overdue && <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">Overdue</span>}
            </>
          )}
        </p>
      </div>
      <p className="text-sm text-slate-700" data-testid={`${id}-projection`}>
        {projectionText(projection)}
      </p>
      {points.length === 0 ? (
        <p className="text-sm text-slate-600">No snapshots yet.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <BurndownChart id={id} columns={chartColumns(points)} baseline={baseline} targetMs={targetDate === null ? null : Date.parse(`${targetDate}T00:00:00Z`)} />
          <DataTable title={title} points={points} shown={shown} pageHref={pageHref} />
        </div>
      )}
      <p className="text-xs text-slate-500">
        Stacked by status from the bottom: {REMAINING_STATUSES.map(statusLabel).join(", ")}. The dashed line is the first snapshot&apos;s count.
      </p>
      {foundation !== undefined && (
        <IfAllowed action="upload">
          <TargetForm foundation={foundation} targetDate={targetDate} />
        </IfAllowed>
      )}
    </section>
  );
}
