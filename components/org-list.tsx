"use client";
// A client component: the page carries its org rows once, as data, rather than twice (HTML and React's
// element tree), and an org's spaces are drawn only when it is opened. A page of a 400-org foundation stays
// well under 150 KB that way.
import Form from "next/form";
import Link from "next/link";
import { useId, useState } from "react";
import type { CountsDto, OrgDto, OrgPageDto, SpaceDto } from "@/lib/data/orgs";
import type { FoundationPageQuery } from "@/lib/schemas/foundation-page";
import { secondaryButtonClass } from "./empty-state";
import { formatCount } from "./format";
import { foundationViewHref } from "./foundation-view";
import { appsHref, foundationHref } from "./links";
import { Pager } from "./pager";

/** lib/data/orgs groups apps without an org or space guid under this key; there is nothing to filter by. */
const UNKNOWN = "(unknown)";
/** Orgs open on the first page: the ones with the most privileged apps, up to this many. */
const OPEN_LIMIT = 5;
/** Spaces of an open org shown before a "show all" button: some orgs have dozens. */
const SPACES_SHOWN = 10;

const link = "text-sky-700 hover:underline";
// Row links are plain <a>: a page renders about a hundred of them, and next/link costs more to render each
// than its client-side navigation saves on the way to the app table.
const row = "grid grid-cols-[minmax(0,1fr)_5rem_9rem_5rem] items-center gap-3 py-1.5 pr-2 text-sm xl:grid-cols-[minmax(0,1fr)_8rem_14rem_5.5rem]";

function Name({ href, name, guid }: { href: string | null; name: string; guid: string }) {
  const unresolved = name === guid;
  const label = unresolved ? (
    <span className="font-mono text-xs" title="name unknown: upload a Cloud Controller export to resolve it">
      {name}
    </span>
  ) : (
    name
  );
  return href ? (
    <a href={href} className={link}>
      {label}
    </a>
  ) : (
    label
  );
}

/** The bar, the counts in words and a link to the privileged apps: the three right-hand columns of a row. */
function Counts({ c, privilegedHref }: { c: CountsDto; privilegedHref: string | null }) {
  const pct = c.apps > 0 ? Math.round((c.privilegedApps / c.apps) * 1000) / 10 : 0;
  return (
    <>
      {/* SVG geometry, not a style attribute: the Content-Security-Policy allows no inline style */}
      <svg aria-hidden="true" className="h-2 w-full overflow-hidden rounded-full bg-green-200">
        <rect className="fill-red-500" width={`${pct}%`} height="100%" rx="4" />
      </svg>
      <span className="text-xs tabular-nums text-slate-600">
        <span className={c.privilegedApps > 0 ? "font-medium text-red-700" : undefined}>{formatCount(c.privilegedApps)}</span> of {formatCount(c.apps)}{" "}
        privileged
        {c.privilegedInstances > 0 && (
          <span className="hidden xl:inline">
            {` · ${formatCount(c.privilegedInstances)} container${c.privilegedInstances === 1 ? "" : "s"}`}
          </span>
        )}
      </span>
      <span className="text-right text-xs">
        {privilegedHref && c.privilegedApps > 0 && (
          <a href={privilegedHref} className={link}>
            privileged →
          </a>
        )}
      </span>
    </>
  );
}

function SpaceRow({ foundation, org, space, snapshot }: { foundation: string; org: OrgDto; space: SpaceDto; snapshot?: string }) {
  const filters = org.guid !== UNKNOWN && space.guid !== UNKNOWN ? { org: org.guid, space: space.guid, snapshot } : null;
  return (
    <li className={`${row} pl-6`}>
      <span className="min-w-0 truncate">
        <Name href={filters && appsHref(foundation, filters)} name={space.name} guid={space.guid} />
      </span>
      <Counts c={space} privilegedHref={filters && appsHref(foundation, { ...filters, privileged: "true" })} />
    </li>
  );
}

function OrgRow({ foundation, org, open, toggle, snapshot }: { foundation: string; org: OrgDto; open: boolean; toggle: () => void; snapshot?: string }) {
  const filterable = org.guid !== UNKNOWN;
  const spacesId = useId();
  const [allSpaces, setAllSpaces] = useState(false);
  return (
    <li data-org={org.name}>
      <div className={row}>
        <span className="flex min-w-0 items-center gap-1 font-medium">
          <button
            type="button"
            onClick={toggle}
            aria-expanded={open}
            aria-controls={open ? spacesId : undefined}
            aria-label={`Spaces of ${org.name}`}
            className="w-5 shrink-0 rounded text-slate-500 hover:bg-slate-100"
          >
            <span aria-hidden="true" className={`inline-block transition-transform ${open ? "rotate-90" : ""}`}>
              ▸
            </span>
          </button>
          <span className="min-w-0 truncate">
            <Name href={filterable ? appsHref(foundation, { org: org.guid, snapshot }) : null} name={org.name} guid={org.guid} />
          </span>
          <span className="shrink-0 text-xs font-normal text-slate-500">
            {org.spaces.length} space{org.spaces.length === 1 ? "" : "s"}
          </span>
        </span>
        <Counts c={org} privilegedHref={filterable ? appsHref(foundation, { org: org.guid, privileged: "true", snapshot }) : null} />
      </div>
      {open && (
        <ul id={spacesId} className="mb-2 ml-3 border-l border-slate-200" aria-label={`Spaces of ${org.name}`}>
          {(allSpaces ? org.spaces : org.spaces.slice(0, SPACES_SHOWN)).map((s) => (
            <SpaceRow key={s.guid} foundation={foundation} org={org} space={s} snapshot={snapshot} />
          ))}
          {!allSpaces && org.spaces.length > SPACES_SHOWN && (
            <li className="py-1.5 pl-6 text-sm">
              <button type="button" onClick={() => setAllSpaces(true)} className={link}>
                Show all {formatCount(org.spaces.length)} spaces
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

function OrgRows({ foundation, orgs, initiallyOpen, label, snapshot }: { foundation: string; orgs: OrgDto[]; initiallyOpen: string[]; label: string; snapshot?: string }) {
  const [open, setOpen] = useState(() => new Set(initiallyOpen));
  const toggle = (guid: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(guid)) next.add(guid);
      return next;
    });
  return (
    <ul className="divide-y divide-slate-100" aria-label={label}>
      {orgs.map((o) => (
        <OrgRow key={o.guid} foundation={foundation} org={o} open={open.has(o.guid)} toggle={() => toggle(o.guid)} snapshot={snapshot} />
      ))}
    </ul>
  );
}

/**
 * One page of orgs, those with the most privileged apps first (on the first page, the first few open with
 * their spaces); a search by name and previous/next links reach the rest. Each org and space links to the
 * app table filtered by it.
 */
export function OrgList({ foundation, orgs, view }: { foundation: string; orgs: OrgPageDto; view: FoundationPageQuery }) {
  const search = view.orgSearch;
  const initiallyOpen =
    orgs.page === 1 && search === ""
      ? orgs.orgs
          .filter((o) => o.privilegedApps > 0)
          .slice(0, OPEN_LIMIT)
          .map((o) => o.guid)
      : [];
  return (
    <div id="orgs" className="space-y-3">
      <Form action={foundationHref(foundation)} role="search" aria-label="Orgs" className="flex flex-wrap items-center gap-2">
        <label htmlFor="org-search" className="text-sm text-slate-600">
          Find an org
        </label>
        <input
          id="org-search"
          name="orgSearch"
          type="search"
          defaultValue={search}
          placeholder="part of its name"
          className="w-56 rounded-md border border-slate-300 px-2 py-1 text-sm"
        />
        {view.snapshot && <input type="hidden" name="snapshot" value={view.snapshot} />}
        <button type="submit" className={secondaryButtonClass}>
          Find
        </button>
        {search !== "" && (
          <Link href={foundationViewHref(foundation, view, { orgSearch: "", orgPage: 1 }, "orgs")} className={link}>
            Show every org
          </Link>
        )}
      </Form>
      {orgs.total === 0 ? (
        <p className="text-sm text-slate-500">{search !== "" ? `No org name contains “${search}”.` : view.snapshot ? "No apps in this snapshot." : "No apps in the latest snapshot."}</p>
      ) : (
        <OrgRows
          key={`${orgs.page}:${search}`}
          foundation={foundation}
          orgs={orgs.orgs}
          initiallyOpen={initiallyOpen}
          label={search === "" ? "Orgs" : `Orgs matching “${search}”`}
          snapshot={view.snapshot}
        />
      )}
      <Pager label="Org pages" noun="orgs" page={orgs.page} pageSize={orgs.pageSize} total={orgs.total} href={(orgPage) => foundationViewHref(foundation, view, { orgPage }, "orgs")} />
    </div>
  );
}
