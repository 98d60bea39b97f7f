import Link from "next/link";
import type { ReactNode } from "react";
import type { OrgDto, SpaceDto } from "@/lib/data/orgs";
import { linkClass } from "./empty-state";
import { formatCount } from "./format";
import { appsHref } from "./links";
import { PrivilegeBar } from "./privilege-bar";

/** lib/data/orgs groups apps without an org or space guid under this key; there is nothing to filter by. */
const UNKNOWN = "(unknown)";
/** Orgs open by default: the ones with privileged apps, up to this many (a big foundation has hundreds). */
const OPEN_LIMIT = 5;

function NameLink({ href, name, guid }: { href: string | null; name: string; guid: string }) {
  const unresolved = name === guid;
  const label = (
    <span className={unresolved ? "font-mono text-xs" : undefined} title={unresolved ? "name unknown: upload a Cloud Controller export to resolve it" : guid}>
      {name}
    </span>
  );
  return href ? (
    <Link href={href} className={linkClass}>
      {label}
    </Link>
  ) : (
    label
  );
}

function Counts({ c, privilegedHref }: { c: { apps: number; privilegedApps: number; privilegedInstances: number }; privilegedHref: string | null }) {
  return (
    <div className="flex items-center gap-4">
      <PrivilegeBar privileged={c.privilegedApps} total={c.apps} className="w-56" />
      <span className="hidden w-40 text-right text-xs tabular-nums text-slate-500 xl:inline">
        {formatCount(c.privilegedInstances)} privileged container{c.privilegedInstances === 1 ? "" : "s"}
      </span>
      <span className="w-20 text-right text-xs">
        {privilegedHref && c.privilegedApps > 0 ? (
          <Link href={privilegedHref} className={linkClass}>
            privileged →
          </Link>
        ) : null}
      </span>
    </div>
  );
}

function SpaceRow({ foundation, org, space }: { foundation: string; org: OrgDto; space: SpaceDto }) {
  const filterable = org.guid !== UNKNOWN && space.guid !== UNKNOWN;
  const filters = { org: org.guid, space: space.guid };
  return (
    <li className="grid grid-cols-[minmax(0,1fr)_auto] items-center gap-4 py-1.5 pl-6 pr-2 text-sm">
      <span className="min-w-0 truncate">
        <span className="sr-only">Space </span>
        <NameLink href={filterable ? appsHref(foundation, filters) : null} name={space.name} guid={space.guid} />
      </span>
      <Counts c={space} privilegedHref={filterable ? appsHref(foundation, { ...filters, privileged: "true" }) : null} />
    </li>
  );
}

/** Orgs listed before the rest is folded away: a big foundation has hundreds. */
const SHOWN_LIMIT = 25;

function OrgItem({ foundation, org, open }: { foundation: string; org: OrgDto; open: boolean }) {
  const filterable = org.guid !== UNKNOWN;
  return (
    <li data-org={org.name}>
      <details open={open} className="group">
        <summary className="grid cursor-pointer list-none grid-cols-[minmax(0,1fr)_auto] items-center gap-4 rounded px-2 py-2 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
          <span className="flex min-w-0 items-center gap-2 font-medium">
            <span aria-hidden="true" className="inline-block w-3 text-slate-400 transition-transform group-open:rotate-90">
              ▸
            </span>
            <span className="sr-only">Org </span>
            <span className="min-w-0 truncate">
              <NameLink href={filterable ? appsHref(foundation, { org: org.guid }) : null} name={org.name} guid={org.guid} />
            </span>
            <span className="shrink-0 text-xs font-normal text-slate-400">
              {org.spaces.length} space{org.spaces.length === 1 ? "" : "s"}
            </span>
          </span>
          <Counts c={org} privilegedHref={filterable ? appsHref(foundation, { org: org.guid, privileged: "true" }) : null} />
        </summary>
        <ul className="mb-2 ml-3 border-l border-slate-200" aria-label={`Spaces of ${org.name}`}>
          {org.spaces.map((s) => (
            <SpaceRow key={s.guid} foundation={foundation} org={org} space={s} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** A clean org in one line: a big foundation has hundreds, and their spaces are one click away in the app table. */
function CleanOrgItem({ foundation, org }: { foundation: string; org: OrgDto }) {
  return (
    <li data-org={org.name} className="flex items-baseline justify-between gap-4 px-2 py-1.5 pl-7 text-sm">
      <span className="min-w-0 truncate">
        <span className="sr-only">Org </span>
        <NameLink href={org.guid !== UNKNOWN ? appsHref(foundation, { org: org.guid }) : null} name={org.name} guid={org.guid} />
      </span>
      <span className="shrink-0 text-xs tabular-nums text-slate-500">
        {formatCount(org.apps)} app{org.apps === 1 ? "" : "s"} · {org.spaces.length} space{org.spaces.length === 1 ? "" : "s"} · none privileged
      </span>
    </li>
  );
}

function Folded({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <li>
      <details className="group/more">
        <summary className="cursor-pointer rounded px-2 py-2 text-sm text-sky-700 hover:bg-slate-50 hover:underline">{summary}</summary>
        <ul className="divide-y divide-slate-100">{children}</ul>
      </details>
    </li>
  );
}

/**
 * Orgs (collapsible, the first ones with privileged apps open) with their spaces indented; each links to the
 * app table filtered by it. Beyond the first few, orgs are folded away, and clean orgs apart from the rest.
 */
export function OrgList({ foundation, orgs }: { foundation: string; orgs: OrgDto[] }) {
  if (orgs.length === 0) return <p className="text-sm text-slate-500">No apps in the latest snapshot.</p>;
  const privileged = orgs.filter((o) => o.privilegedApps > 0);
  const clean = orgs.filter((o) => o.privilegedApps === 0);
  // When few orgs are clean, listing them is shorter than folding them.
  const shown = clean.length <= 5 && orgs.length <= SHOWN_LIMIT ? orgs : privileged.slice(0, SHOWN_LIMIT);
  const morePrivileged = shown === orgs ? [] : privileged.slice(SHOWN_LIMIT);
  const foldedClean = shown === orgs ? [] : clean;
  const item = (o: OrgDto, i: number) => <OrgItem key={o.guid} foundation={foundation} org={o} open={o.privilegedApps > 0 && i < OPEN_LIMIT} />;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Orgs">
      {shown.map(item)}
      {morePrivileged.length > 0 && (
        <Folded summary={`Show ${formatCount(morePrivileged.length)} more org${morePrivileged.length === 1 ? "" : "s"} with privileged apps`}>
          {morePrivileged.map((o) => item(o, OPEN_LIMIT))}
        </Folded>
      )}
      {foldedClean.length > 0 && (
        <Folded summary={`Show ${formatCount(foldedClean.length)} org${foldedClean.length === 1 ? "" : "s"} without privileged apps`}>
          {foldedClean.map((o) => (
            <CleanOrgItem key={o.guid} foundation={foundation} org={o} />
          ))}
        </Folded>
      )}
    </ul>
  );
}
