import type { AppDetailDto, EventDto, LrpDto, ProcessDto } from "@/lib/schemas/app";
import { PrivilegedBadge, StatusBadge } from "./badges";
import { explainRiskHint, formatCount, formatMb, formatUtc } from "./format";
import { RelativeTime } from "./relative-time";
import { actionLabel } from "./workflow/labels";

const th = "py-1.5 pr-3 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const td = "py-1.5 pr-3 align-top";

export function ProcessTable({ processes }: { processes: ProcessDto[] }) {
  if (processes.length === 0) return <p className="text-sm text-slate-500">No processes in the latest snapshot.</p>;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Processes</caption>
      <thead>
        <tr>
          <th scope="col" className={th}>Type</th>
          <th scope="col" className={`${th} text-right`}>Instances</th>
          <th scope="col" className={`${th} text-right`}>LRPs</th>
          <th scope="col" className={th}>Container</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {processes.map((p) => (
          <tr key={p.type}>
            <th scope="row" className={`${td} text-left font-medium`}>{p.type}</th>
            <td className={`${td} text-right tabular-nums`}>{formatCount(p.instances)}</td>
            <td className={`${td} text-right tabular-nums`} title={p.lrps > 1 ? "more than one LRP: a rolling deploy is under way" : undefined}>
              {p.lrps}
            </td>
            <td className={td}>
              <PrivilegedBadge privileged={p.privileged} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LrpTable({ lrps }: { lrps: LrpDto[] }) {
  if (lrps.length === 0) return <p className="text-sm text-slate-500">The app is not in the latest snapshot, so it has no desired LRPs now.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Desired LRPs in the latest snapshot</caption>
        <thead>
          <tr>
            <th scope="col" className={th}>Process guid</th>
            <th scope="col" className={th}>Type</th>
            <th scope="col" className={`${th} text-right`}>Instances</th>
            <th scope="col" className={`${th} text-right`}>Memory</th>
            <th scope="col" className={`${th} text-right`}>Disk</th>
            <th scope="col" className={th}>Rootfs</th>
            <th scope="col" className={th}>Privileged</th>
            <th scope="col" className={th}>Placement tags</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lrps.map((l) => (
            <tr key={l.processGuid}>
              <td className={`${td} max-w-[16rem] break-all font-mono text-xs`}>{l.processGuid}</td>
              <td className={td}>{l.processType}</td>
              <td className={`${td} text-right tabular-nums`}>{formatCount(l.instances)}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatMb(l.memoryMb)}</td>
              <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{formatMb(l.diskMb)}</td>
              <td className={`${td} ${l.rootfs.length > 24 ? "[overflow-wrap:anywhere]" : "whitespace-nowrap"}`}>{l.rootfs || "—"}</td>
              <td className={td}>
                <PrivilegedBadge privileged={l.privileged} />
              </td>
              <td className={td}>{l.placementTags.length ? l.placementTags.join(", ") : <span className="text-slate-500">shared segment</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RiskHints({ hints }: { hints: AppDetailDto["riskHints"] }) {
  if (hints.length === 0)
    return (
      <p className="text-sm text-slate-600">
        No risk hints: nothing in the start command, env variable names or bound service labels suggests the app needs a privileged container. A
        test push is still the proof.
      </p>
    );
  return (
    <ul className="space-y-2">
      {hints.map((h) => {
        const { text, why } = explainRiskHint(h);
        return (
          <li key={`${h.kind}:${h.keyword}`} className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm">
            <p className="font-medium text-amber-900">{text}</p>
            {why && <p className="mt-0.5 text-xs text-amber-800">{why}</p>}
          </li>
        );
      })}
    </ul>
  );
}

/** What an action recorded besides its note: the test push, a waiver's dates and requester. */
function EventDetails({ details }: { details: Record<string, unknown> }) {
  const text = (k: string) => (typeof details[k] === "string" ? (details[k] as string) : null);
  const parts = [
    text("testApp") && `test copy ${text("testApp")} in ${text("testOrg")} / ${text("testSpace")}`,
    text("expiresAt") && `waiver until ${formatUtc(text("expiresAt")!)}`,
    text("requestedBy") && `requested by ${text("requestedBy")}`,
    text("reason") && `reason: ${text("reason")}`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return <p className="mt-1 break-words text-xs text-slate-600">{parts.join(" · ")}</p>;
}

export function EventTimeline({ events }: { events: EventDto[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">No events yet. Status changes and actions will appear here.</p>;
  return (
    <ol className="relative space-y-4 border-l border-slate-200 pl-5" aria-label="Events, newest first">
      {events.map((e, i) => (
        <li key={i} className="relative">
          <span aria-hidden="true" className="absolute -left-[1.6rem] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-slate-400" />
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium text-slate-900">{actionLabel(e.action)}</span>
            {(e.fromStatus !== null || e.toStatus !== null) && (
              <span className="flex items-center gap-1">
                <StatusBadge status={e.fromStatus} />
                <span aria-label="to">→</span>
                <StatusBadge status={e.toStatus} />
              </span>
            )}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            <RelativeTime iso={e.at} /> · {formatUtc(e.at)} · by {e.actor}
            {e.snapshotId !== null && e.actor !== `snapshot ${e.snapshotId}` && <> · snapshot #{e.snapshotId}</>}
          </p>
          {e.note && <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-700">{e.note}</p>}
          {e.details && <EventDetails details={e.details} />}
        </li>
      ))}
    </ol>
  );
}
