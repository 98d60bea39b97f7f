import Link from "next/link";
import type { DiffAppDto, SnapshotDiffDto } from "@/lib/schemas/snapshot-diff";
import { PrivilegedBadge } from "./badges";
import { linkClass } from "./empty-state";
import { formatCount, formatUtc } from "./format";
import { appHref, appsHref, foundationHref, snapshotHref } from "./links";

/** Rows a section shows: a snapshot after a long gap may change thousands of apps; the API lists them all. */
export const SECTION_ROWS = 200;

interface Section {
  key: keyof Omit<SnapshotDiffDto, "snapshot" | "previous">;
  title: string;
  what: string;
  none: string;
}

// regressions first: a migrated app running privileged again is what needs someone now
const SECTIONS: Section[] = [
  { key: "regressed", title: "Regressed", what: "Migrated apps this snapshot saw running privileged again.", none: "No regressions." },
  { key: "newlyPrivileged", title: "Newly privileged", what: "Apps in both snapshots that run privileged now and did not before.", none: "No app became privileged." },
  { key: "fixed", title: "Fixed", what: "Apps in both snapshots that ran privileged before and do not now.", none: "No app stopped running privileged." },
  { key: "absent", title: "Absent", what: "Apps of the previous snapshot missing from this one (stopped or deleted), as they were then.", none: "No app went missing." },
  { key: "added", title: "Added", what: "Apps in this snapshot that the previous one lacked: new, or back after an absence.", none: "No app appeared." },
];

// links inside a sentence are told from the text by their underline, not by colour alone
const inlineLink = `${linkClass} underline`;

/** What changed in a snapshot against the one before it: one section per list, each with its count. */
export function SnapshotDiff({ foundation, diff }: { foundation: string; diff: SnapshotDiffDto }) {
  const { previous } = diff;
  return (
    <div className="space-y-8">
      <p className="text-sm text-slate-700">
        {previous ? (
          <>
            Against <Link href={snapshotHref(foundation, previous.id)} className={inlineLink}>snapshot #{previous.id}</Link>, captured{" "}
            {formatUtc(previous.capturedAt)}.{" "}
          </>
        ) : (
          <>The foundation&apos;s first snapshot: there is nothing before it to compare with. </>
        )}
        See the{" "}
        <Link href={appsHref(foundation, { snapshot: diff.snapshot.id })} className={inlineLink}>
          apps
        </Link>{" "}
        and the{" "}
        <Link href={`${foundationHref(foundation)}?snapshot=${encodeURIComponent(diff.snapshot.id)}#orgs`} className={inlineLink}>
          orgs
        </Link>{" "}
        as of this snapshot.
      </p>
      {previous &&
        SECTIONS.map((s) => (
          <DiffSection key={s.key} foundation={foundation} section={s} apps={diff[s.key]} />
        ))}
    </div>
  );
}

function DiffSection({ foundation, section, apps }: { foundation: string; section: Section; apps: DiffAppDto[] }) {
  const id = `diff-${section.key}`;
  const shown = apps.slice(0, SECTION_ROWS);
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="text-lg font-semibold text-slate-900">
        {section.title} <span className="text-base font-normal text-slate-600">({formatCount(apps.length)})</span>
      </h2>
      <p className="mb-2 text-sm text-slate-600">{section.what}</p>
      {apps.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 bg-white px-4 py-3 text-sm text-slate-600">{section.none}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{section.title} apps</caption>
            <thead className="text-left text-xs font-medium uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-3">App</th>
                <th scope="col" className="px-3 py-1">Org</th>
                <th scope="col" className="px-3 py-1">Space</th>
                <th scope="col" className="py-1 pl-3">Privileged</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((a) => (
                <tr key={a.guid}>
                  <td className="py-1.5 pr-3">
                    <Link href={appHref(foundation, a.guid)} className={`${linkClass} ${a.name === a.guid ? "font-mono text-xs" : ""}`}>
                      {a.name}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">{a.org.name ?? "—"}</td>
                  <td className="px-3 py-1.5">{a.space.name ?? "—"}</td>
                  <td className="py-1.5 pl-3">
                    <PrivilegedBadge privileged={a.privileged} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {apps.length > shown.length && (
            <p className="mt-2 text-sm text-slate-600">
              Showing the first {formatCount(shown.length)} of {formatCount(apps.length)}; the API lists them all.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
