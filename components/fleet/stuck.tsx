import type { StuckDto, StuckEntryDto } from "@/lib/data/fleet";
import { TESTING_STALLED_DAYS } from "@/lib/migration/needs-action";
import { linkClass } from "../empty-state";
import { formatCount } from "../format";
import { appHref } from "../links";
import { RelativeTime } from "../relative-time";

/** Apps of an entry shown on `/`; the API gives more on request. */
const APPS_SHOWN = 3;

const GROUP_LABELS = { regression: "regressed", untriaged: "untriaged", testing_stalled: `testing > ${TESTING_STALLED_DAYS} d` } as const;

function Counts({ e }: { e: StuckEntryDto }) {
  const parts = (Object.keys(GROUP_LABELS) as (keyof typeof GROUP_LABELS)[]).filter((g) => e.counts[g] > 0).map((g) => `${formatCount(e.counts[g])} ${GROUP_LABELS[g]}`);
  return <span className="text-xs text-slate-600">{parts.join(" · ")}</span>;
}

function Entry({ e }: { e: StuckEntryDto }) {
  return (
    <li className="py-2" data-stuck={e.name}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="font-medium break-all">{e.name}</span>
        <span className="text-sm tabular-nums">
          <span className="font-semibold text-red-700">{formatCount(e.total)}</span> stuck
        </span>
      </div>
      <Counts e={e} />
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
        {e.apps.slice(0, APPS_SHOWN).map((a) => (
          <li key={`${a.foundation}/${a.guid}`}>
            <a href={appHref(a.foundation, a.guid)} className={linkClass}>
              {a.name}
            </a>{" "}
            <span className="text-slate-500">
              ({a.foundation} · {GROUP_LABELS[a.group]}) waiting since {a.since ? <RelativeTime iso={a.since} /> : "before the workflow's records"}
            </span>
          </li>
        ))}
      </ul>
    </li>
  );
}

function Column({ title, entries, empty }: { title: string; entries: StuckEntryDto[]; empty: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      {entries.length === 0 ? (
        <p className="py-2 text-sm text-slate-600">{empty}</p>
      ) : (
        <ol aria-label={title} className="divide-y divide-slate-100">
          {entries.map((e) => (
            <Entry key={e.name} e={e} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** Who is stuck: orgs and owners with the most apps nobody has acted on or whose test push stalled, longest waits first. */
export function StuckSection({ data }: { data: StuckDto }) {
  return (
    <section aria-labelledby="stuck-title" className="space-y-3">
      <div>
        <h2 id="stuck-title" className="text-lg font-semibold">
          Who is stuck
        </h2>
        <p className="text-sm text-slate-600">
          {data.total === 0
            ? "No privileged app is waiting on its team: none untriaged, none testing for more than " + TESTING_STALLED_DAYS + " days."
            : `${formatCount(data.total)} privileged app${data.total === 1 ? " is" : "s are"} untriaged or testing for more than ${TESTING_STALLED_DAYS} days. Most stuck apps first; each with its longest waits.`}
        </p>
      </div>
      {data.total > 0 && (
        <div className="grid gap-3 lg:grid-cols-2">
          <Column title="Stuck orgs" entries={data.orgs} empty="None." />
          <div className="space-y-3">
            <Column title="Stuck owners" entries={data.owners} empty="No assigned owner has a stuck app." />
            {data.unowned.total > 0 && (
              <p className="text-sm text-slate-700">
                <span className="font-semibold text-red-700">{formatCount(data.unowned.total)}</span> stuck app{data.unowned.total === 1 ? " has" : "s have"} no
                owner assigned{data.unowned.oldestSince && <> (the oldest waiting since <RelativeTime iso={data.unowned.oldestSince} />)</>}.
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
