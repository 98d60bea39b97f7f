import type { Metadata } from "next";
import { FoundationOverview } from "@/components/foundation-overview";
import { PageHeader } from "@/components/page-header";
import { foundationViewHref } from "@/components/foundation-view";
import { Burndown } from "@/components/progress/burndown";
import { ReadinessPanel } from "@/components/readiness/readiness-panel";
import { listSegments, pageOrgs } from "@/lib/data/orgs";
import { orNotFound, requestOrigin } from "@/lib/data/page-context";
import { getFoundationProgress } from "@/lib/data/progress";
import { getSnapshot, pageSnapshots } from "@/lib/data/snapshots";
import { foundationPageQuery, SNAPSHOT_PAGE_SIZE } from "@/lib/schemas/foundation-page";
import { ORG_PAGE_SIZE } from "@/lib/schemas/org";
import { pageActor } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ f: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).f };
}

export default async function FoundationPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const { f } = await params;
  const view = foundationPageQuery.parse(await searchParams);
  const [snapshots, orgs, segments, progress] = await orNotFound(
    Promise.all([
      pageSnapshots(actor, f, view.snapshotPage, SNAPSHOT_PAGE_SIZE),
      pageOrgs(actor, f, { page: view.orgPage, pageSize: ORG_PAGE_SIZE, q: view.orgSearch || undefined, snapshot: view.snapshot }),
      listSegments(actor, f, { snapshot: view.snapshot }),
      getFoundationProgress(actor, f),
    ]),
  );
  const asOf = view.snapshot === undefined ? null : await orNotFound(getSnapshot(actor, f, Number(view.snapshot)));
  const origin = await requestOrigin();
  return (
    <>
      <PageHeader crumbs={[{ label: "Fleet", href: "/" }, { label: "Foundation" }]} title={f} />
      <ReadinessPanel foundation={f} origin={origin} />
      <Burndown
        id="burndown"
        title="Burndown"
        points={progress.points}
        projection={progress.projection}
        targetDate={progress.targetDate}
        overdue={progress.overdue}
        foundation={f}
        tablePage={view.burndownPage}
        pageHref={(burndownPage) => foundationViewHref(f, view, { burndownPage }, "burndown")}
      />
      <FoundationOverview foundation={f} view={view} snapshots={snapshots} orgs={orgs} segments={segments} origin={origin} asOf={asOf?.latest ? null : asOf} />
    </>
  );
}
