import Link from "next/link";
import { buttonClass, EmptyState, linkClass, secondaryButtonClass } from "@/components/empty-state";
import { formatUtc } from "@/components/format";
import { Pager } from "@/components/pager";
import { AUDIT_FILTERS, type AuditPageDto, type AuditQuery } from "@/lib/schemas/admin";

const inputClass = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900";

/** The URL of the log with these filters (empty ones left out), so a filtered view can be shared. */
function auditHref(q: Partial<AuditQuery>): string {
  const sp = new URLSearchParams();
  for (const k of AUDIT_FILTERS) if (q[k]) sp.set(k, q[k]);
  if (q.page && q.page > 1) sp.set("page", String(q.page));
  const s = sp.toString();
  return s ? `/admin/audit?${s}` : "/admin/audit";
}

/** A detail value as text: nested objects (a role change `{ from, to }`) as compact JSON. */
const detailText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * The audit log: a GET form of filters (they live in the URL and work without JavaScript) above a paged
 * table. Names, emails and targets are untrusted text, rendered as text only.
 */
export function AuditLog({ query, invalid, actions, page }: { query: AuditQuery; invalid: boolean; actions: string[]; page: AuditPageDto }) {
  const filtered = AUDIT_FILTERS.some((k) => query[k] !== undefined);
  return (
    <div className="space-y-4">
      <form method="get" action="/admin/audit" aria-label="Filter the audit log" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6">
        <label className="block text-sm font-medium text-slate-700">
          Action
          <select name="action" defaultValue={query.action ?? ""} className={inputClass}>
            <option value="">any</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Actor
          <input name="actor" defaultValue={query.actor ?? ""} placeholder="email, exactly" className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Foundation
          <input name="foundation" defaultValue={query.foundation ?? ""} className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          From (UTC day)
          <input type="date" name="from" defaultValue={query.from?.slice(0, 10) ?? ""} className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          To (UTC day, included)
          <input type="date" name="to" defaultValue={query.to?.slice(0, 10) ?? ""} className={inputClass} />
        </label>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass}>
            Filter
          </button>
          {filtered && (
            <Link href="/admin/audit" className={secondaryButtonClass}>
              Clear
            </Link>
          )}
        </div>
      </form>
      {invalid && (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          A filter in the address was not understood (dates read 2026-11-29): showing the whole log.
        </p>
      )}
      {page.items.length === 0 ? (
        <EmptyState title={filtered ? "No events match these filters" : "The audit log is empty"}>
          {filtered ? (
            <Link href="/admin/audit" className={linkClass}>
              Show every event
            </Link>
          ) : (
            "Sign-ins, uploads and account changes appear here."
          )}
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table aria-label="Audit events" className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2">When</th>
                <th scope="col" className="px-3 py-2">Action</th>
                <th scope="col" className="px-3 py-2">Actor</th>
                <th scope="col" className="px-3 py-2">Foundation</th>
                <th scope="col" className="px-3 py-2">Target</th>
                <th scope="col" className="px-3 py-2">Address</th>
                <th scope="col" className="px-3 py-2">Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-3 py-2 tabular-nums">
                    <time dateTime={e.at} title={e.at}>
                      {formatUtc(e.at)}
                    </time>
                  </td>
                  <td className="px-3 py-2">
                    <Link href={auditHref({ ...query, action: e.action, page: 1 })} className={linkClass} title="Only this action">
                      {e.action}
                    </Link>
                  </td>
                  <td className="px-3 py-2 [overflow-wrap:anywhere]">
                    <Link href={auditHref({ ...query, actor: e.actor, page: 1 })} className={linkClass} title="Only this actor">
                      {e.actor}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{e.foundation ?? "—"}</td>
                  <td className="px-3 py-2 [overflow-wrap:anywhere]">{e.target ?? "—"}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.address ?? "unknown"}</td>
                  <td className="px-3 py-2">
                    {Object.keys(e.details).length === 0 ? (
                      "—"
                    ) : (
                      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
                        {Object.entries(e.details).map(([k, v]) => (
                          <div key={k} className="contents">
                            <dt className="text-slate-600">{k}</dt>
                            <dd className="font-mono [overflow-wrap:anywhere]">{detailText(v)}</dd>
                          </div>
                        ))}
                      </dl>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Audit log pages" noun="events" page={page.page} pageSize={page.pageSize} total={page.total} href={(p) => auditHref({ ...query, page: p })} />
    </div>
  );
}
