import Link from "next/link";
import type { OrgPageDto, SegmentDto } from "@/lib/data/orgs";
import type { SnapshotPageDto } from "@/lib/data/snapshots";
import type { FoundationPageQuery } from "@/lib/schemas/foundation-page";
import type { SnapshotDto } from "@/lib/schemas/snapshot";
import { buttonClass, EmptyState, secondaryButtonClass } from "./empty-state";
import { formatCount } from "./format";
import { HistoricalBanner } from "./historical-banner";
import { foundationViewHref } from "./foundation-view";
import { appsHref } from "./links";
import { OrgList } from "./org-list";
import { Section } from "./page-header";
import { RelativeTime } from "./relative-time";
import { SegmentTable } from "./segment-table";
import { DeleteButton } from "./delete-button";
import { SnapshotHistory } from "./snapshot-history";
import { StatCard, StatGrid } from "./stat-card";
import { UploadCommands } from "./upload-commands";
import { UploadForm } from "./upload/upload-form";
import { IfAllowed } from "./viewer";

/**
 * `/foundations/{f}`: headline counts, segments, one page of orgs and spaces, of snapshot history, and an upload panel.
 * With `asOf` (time travel) the counts, segments and orgs are that snapshot's, under a banner saying so.
 */
export function FoundationOverview({
  foundation,
  view,
  snapshots,
  orgs,
  segments,
  origin,
  asOf = null,
}: {
  foundation: string;
  view: FoundationPageQuery;
  snapshots: SnapshotPageDto;
  orgs: OrgPageDto;
  segments: SegmentDto[];
  origin: string | null;
  /** the earlier snapshot the counts, segments and orgs show (time travel); null: the latest */
  asOf?: SnapshotDto | null;
}) {
  const upload = (
    <IfAllowed action="upload">
      <Section title="Upload a snapshot" description={`A new cfdot desired-lrps dump of ${foundation}.`}>
        <UploadForm foundation={foundation} />
      </Section>
    </IfAllowed>
  );
  const { latest } = snapshots;
  if (!latest) {
    return (
      <div className="grid gap-6 lg:grid-cols-2">
        <EmptyState title="No snapshots yet — upload a cfdot desired-lrps dump">
          <p>Upload the output of cfdot desired-lrps from one of this foundation&apos;s diego-cells to see its privileged apps.</p>
        </EmptyState>
        <div className="space-y-6">
          {upload}
          <Section title="How to produce the dump">
            <UploadCommands origin={origin} foundation={foundation} />
          </Section>
          <DeleteFoundation foundation={foundation} />
        </div>
      </div>
    );
  }
  const shown = asOf ?? latest;
  const snapshot = asOf?.id;
  const migratedShare = shown.apps > 0 ? Math.round(((shown.apps - shown.privilegedApps) / shown.apps) * 100) : 100;
  return (
    <div className="space-y-6">
      {asOf && <HistoricalBanner foundation={foundation} snapshot={asOf} latestHref={foundationViewHref(foundation, view, { snapshot: undefined, orgPage: 1 }, "")} />}
      <StatGrid label={asOf ? `Counts of ${foundation} in snapshot #${asOf.id}` : `Counts of ${foundation} in the latest snapshot`}>
        <StatCard label="Privileged apps" value={formatCount(shown.privilegedApps)} tone={shown.privilegedApps > 0 ? "danger" : "success"} hint={asOf ? "then" : "remaining to migrate"} />
        <StatCard label="Privileged containers" value={formatCount(shown.privilegedInstances)} tone={shown.privilegedInstances > 0 ? "danger" : "success"} hint={`${formatCount(shown.privilegedLrps)} privileged LRPs`} />
        <StatCard label="Apps" value={formatCount(shown.apps)} hint={`${migratedShare} % unprivileged`} />
        <StatCard label="LRPs" value={formatCount(shown.lrps)} hint={`${formatCount(shown.appLrps)} cf-apps`} />
        {asOf ? (
          <StatCard label="Snapshot shown" value={<RelativeTime iso={asOf.capturedAt} />} hint={`snapshot #${asOf.id} · latest is #${latest.id}`} />
        ) : (
          <StatCard label="Latest snapshot" value={<RelativeTime iso={latest.capturedAt} warnStale />} hint={`snapshot #${latest.id} · ${formatCount(snapshots.total)} in total`} />
        )}
      </StatGrid>

      <div className="flex flex-wrap gap-2">
        <Link href={appsHref(foundation, { privileged: "true", snapshot })} className={buttonClass}>
          Privileged apps ({formatCount(shown.privilegedApps)})
        </Link>
        <Link href={appsHref(foundation, { snapshot })} className={secondaryButtonClass}>
          All apps
        </Link>
        <Link href={appsHref(foundation, { risk: "true", privileged: "true", snapshot })} className={secondaryButtonClass}>
          Privileged with risk hints
        </Link>
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section title="Isolation segments" description="From the LRPs' placement tags; shared = no tag.">
            <SegmentTable foundation={foundation} segments={segments} snapshot={snapshot} />
          </Section>
          <Section title="Orgs and spaces" description={`Privileged (red) vs all apps in ${asOf ? "that" : "the latest"} snapshot; orgs with privileged apps first.`}>
            <OrgList foundation={foundation} orgs={orgs} view={view} />
          </Section>
        </div>
        <div className="space-y-6">{upload}</div>
      </div>

      <Section title="Snapshot history" description="Every uploaded dump, newest capture first. An identical re-upload counts as observed again.">
        <SnapshotHistory foundation={foundation} page={snapshots} pageHref={(snapshotPage) => foundationViewHref(foundation, view, { snapshotPage }, "snapshots")} />
      </Section>
      <DeleteFoundation foundation={foundation} />
    </div>
  );
}

function DeleteFoundation({ foundation }: { foundation: string }) {
  return (
    <IfAllowed action="delete">
      <Section title="Delete this foundation" description="For a foundation that was decommissioned or uploaded under a wrong name.">
        <DeleteButton
          url={`/api/foundations/${encodeURIComponent(foundation)}`}
          label="Delete foundation"
          title={`Delete foundation ${foundation}?`}
          consequence="Every snapshot, the history of every app and its workflow go with it. This cannot be undone."
          confirmText={foundation}
          after="/"
        />
      </Section>
    </IfAllowed>
  );
}
