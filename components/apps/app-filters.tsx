"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { STATUSES } from "@/lib/migration/state-machine";
import type { AppListQuery } from "@/lib/schemas/app";
import { APP_LIST_DEFAULTS, hasAppFilters } from "@/lib/schemas/app-list-url";
import { appQueries } from "../app-queries";
import { linkClass } from "../empty-state";
import { statusLabel } from "../format";
import type { UpdateList } from "./use-list-url";

/** The list's `present` values (lib/schemas/app.ts) as a person reads them. */
const PRESENCE: { value: AppListQuery["present"]; label: string }[] = [
  { value: "true", label: "Present" },
  { value: "false", label: "Absent (stopped or deleted)" },
  { value: "all", label: "Present or absent" },
];

const controlClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm shadow-sm focus:outline-2 focus:outline-sky-600";
const labelClass = "block text-xs font-medium text-slate-600";

/**
 * A text box whose value reaches the URL a moment after typing stops (or at once on Enter), so the table is
 * not re-queried on every keystroke. It follows the URL when that changes from elsewhere (clear, back).
 */
function DebouncedText({
  label,
  value,
  onCommit,
  placeholder,
  list,
  type = "text",
  delay = 350,
}: {
  label: string;
  value: string;
  onCommit: (v: string) => void;
  placeholder?: string;
  list?: string;
  type?: "text" | "search";
  delay?: number;
}) {
  const id = useId();
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  });

  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text.trim() === committed.current.trim()) return;
    const t = setTimeout(() => {
      committed.current = text.trim();
      commitRef.current(text.trim());
    }, delay);
    return () => clearTimeout(t);
  }, [text, delay]);

  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        type={type}
        value={text}
        list={list}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            committed.current = text.trim();
            onCommit(text.trim());
          }
        }}
        className={controlClass}
      />
    </div>
  );
}

function Select({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={controlClass}>
        {children}
      </select>
    </div>
  );
}

export function AppFilters({
  foundation,
  params,
  segments,
  update,
  clearHref,
}: {
  foundation: string;
  params: AppListQuery;
  segments: string[];
  update: UpdateList;
  clearHref: string;
}) {
  const listId = useId();
  const riskId = useId();
  const orgs = useQuery(appQueries.orgs(foundation));

  const spaces = useMemo(() => {
    const all = orgs.data ?? [];
    const inOrg = params.org ? all.filter((o) => o.guid === params.org || o.name === params.org) : all;
    return [...new Set(inOrg.flatMap((o) => o.spaces.map((s) => s.name)))].sort((a, b) => a.localeCompare(b));
  }, [orgs.data, params.org]);
  const orgNames = useMemo(() => [...new Set((orgs.data ?? []).map((o) => o.name))].sort((a, b) => a.localeCompare(b)), [orgs.data]);
  const segmentOptions = params.segment && !segments.includes(params.segment) ? [...segments, params.segment] : segments;

  return (
    <form role="search" aria-label="Filter apps" onSubmit={(e) => e.preventDefault()} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8">
        <div className="col-span-2">
          <DebouncedText label="Search" type="search" value={params.q ?? ""} onCommit={(q) => update({ q: q || undefined })} placeholder="app, org or space name" />
        </div>
        <Select
          label="Privileged"
          value={params.privileged === undefined ? "" : String(params.privileged)}
          onChange={(v) => update({ privileged: v === "" ? undefined : v === "true" })}
        >
          <option value="">All apps</option>
          <option value="true">Privileged only</option>
          <option value="false">Unprivileged only</option>
        </Select>
        <DebouncedText label="Org" value={params.org ?? ""} onCommit={(org) => update({ org: org || undefined })} placeholder="name or guid" list={`${listId}-orgs`} />
        <DebouncedText label="Space" value={params.space ?? ""} onCommit={(space) => update({ space: space || undefined })} placeholder="name or guid" list={`${listId}-spaces`} />
        <Select label="Isolation segment" value={params.segment ?? ""} onChange={(v) => update({ segment: v || undefined })}>
          <option value="">All segments</option>
          {segmentOptions.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </Select>
        <Select label="Status" value={params.status ?? ""} onChange={(v) => update({ status: STATUSES.find((s) => s === v) })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </Select>
        <Select label="Presence" value={params.present} onChange={(v) => update({ present: PRESENCE.find((p) => p.value === v)?.value ?? APP_LIST_DEFAULTS.present })}>
          {PRESENCE.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </Select>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <input
            id={riskId}
            type="checkbox"
            checked={params.risk === true}
            onChange={(e) => update({ risk: e.target.checked || undefined })}
            className="h-4 w-4 rounded border-slate-300 accent-slate-900"
          />
          <label htmlFor={riskId} className="text-sm text-slate-700">
            Only apps with risk hints (FUSE, mount, volumes)
          </label>
        </div>
        {hasAppFilters(params) && (
          <Link href={clearHref} className={`${linkClass} text-sm`} scroll={false}>
            Clear filters
          </Link>
        )}
      </div>
      <datalist id={`${listId}-orgs`}>
        {orgNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <datalist id={`${listId}-spaces`}>
        {spaces.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
    </form>
  );
}
