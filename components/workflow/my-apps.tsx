import Link from "next/link";
import type { MyAppsDto } from "@/lib/data/my-apps";
import type { ActionGroup } from "@/lib/migration/needs-action";
import { TESTING_STALLED_DAYS, WAIVER_EXPIRING_DAYS } from "@/lib/migration/needs-action";
import { StatusBadge } from "../badges";
import { EmptyState, linkClass } from "../empty-state";
import { formatUtc } from "../format";
import { appHref } from "../links";
import { Section } from "../page-header";

const GROUPS: Record<ActionGroup, { title: string; description: string }> = {
  regression: { title: "Regressions", description: "Migrated once, privileged again (a platform flag turned back on?). Test and restage them again." },
  waiver_request: { title: "Waiver requests", description: "Waiting for an admin other than the requester to approve or reject." },
  untriaged: { title: "Untriaged", description: "Privileged and nobody has acted yet: push a test copy (see the app's commands)." },
  testing_stalled: { title: `Testing for more than ${TESTING_STALLED_DAYS} days`, description: "Verify the test push, or record that the app needs privilege." },
  waiver_expiring: { title: `Waivers expiring within ${WAIVER_EXPIRING_DAYS} days`, description: "Request a renewal, or plan the migration before the waiver lapses." },
};

const th = "py-1.5 pr-3 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const td = "py-1.5 pr-3 align-top";

/** `/my-apps`: what the viewer's apps need, grouped. */
export function MyApps({ data }: { data: MyAppsDto }) {
  if (data.scope === "none") {
    return (
      <EmptyState title="Nothing to act on">
        Viewers read every app but act on none. App owners see here the apps of the orgs and spaces assigned to them; an admin assigns owners.
      </EmptyState>
    );
  }
  const total = data.groups.reduce((n, g) => n + g.total, 0);
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-700">
        {data.scope === "all" ? "You are an admin: this lists every foundation's apps, not only those of an owner's scope." : "The apps of the orgs and spaces assigned to you."}{" "}
        {total === 0 ? "None needs action now." : `${total} need action.`}
      </p>
      {data.groups
        .filter((g) => g.total > 0)
        .map((g) => (
          <Section key={g.group} title={`${GROUPS[g.group].title} (${g.total})`} description={GROUPS[g.group].description}>
            <table className="w-full text-sm" aria-label={GROUPS[g.group].title}>
              <thead>
                <tr>
                  <th className={th}>App</th>
                  <th className={th}>Foundation</th>
                  <th className={th}>Org / space</th>
                  <th className={th}>Status</th>
                  <th className={th}>{g.group === "waiver_expiring" ? "Waiver expires" : "Since"}</th>
                </tr>
              </thead>
              <tbody>
                {g.apps.map((a) => (
                  <tr key={`${a.foundation}/${a.guid}`} className="border-t border-slate-100">
                    <td className={`${td} break-all`}>
                      <Link href={appHref(a.foundation, a.guid)} className={linkClass}>
                        {a.name}
                      </Link>
                    </td>
                    <td className={td}>{a.foundation}</td>
                    <td className={`${td} break-all`}>
                      {a.org} / {a.space}
                    </td>
                    <td className={td}>
                      <StatusBadge status={a.status} />
                    </td>
                    <td className={td}>{g.group === "waiver_expiring" ? (a.waiverExpiresAt ? formatUtc(a.waiverExpiresAt) : "—") : a.since ? formatUtc(a.since) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {g.total > g.apps.length && <p className="mt-2 text-xs text-slate-500">The first {g.apps.length} of {g.total} are shown.</p>}
          </Section>
        ))}
    </div>
  );
}
