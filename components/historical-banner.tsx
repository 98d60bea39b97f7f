import Link from "next/link";
import type { SnapshotRefDto } from "@/lib/schemas/snapshot-diff";
import { linkClass } from "./empty-state";
import { formatUtc } from "./format";
import { snapshotHref } from "./links";

/** Says that a view shows an earlier snapshot, not today's apps, with the way back to the latest. */
export function HistoricalBanner({ foundation, snapshot, latestHref }: { foundation: string; snapshot: SnapshotRefDto; latestHref: string }) {
  return (
    <div role="note" aria-label="Historical view" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <strong className="font-semibold">Historical view:</strong>{" "}
      <Link href={snapshotHref(foundation, snapshot.id)} className="underline underline-offset-2">
        snapshot #{snapshot.id}
      </Link>{" "}
      captured {formatUtc(snapshot.capturedAt)}: apps, privilege and statuses as they were then. —{" "}
      <Link href={latestHref} className={`${linkClass} font-medium`}>
        back to latest
      </Link>
    </div>
  );
}
