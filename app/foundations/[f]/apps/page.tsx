import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { appQueries } from "@/components/app-queries";
import { AppTable } from "@/components/apps/app-table";
import { buttonClass, EmptyState } from "@/components/empty-state";
import { appsHref, foundationHref, uploadHref } from "@/components/links";
import { PageHeader } from "@/components/page-header";
import { getQueryClient } from "@/components/query-client";
import { listApps } from "@/lib/data/apps";
import { requireFoundation } from "@/lib/data/foundations";
import { listSegments } from "@/lib/data/orgs";
import { orNotFound } from "@/lib/data/page-context";
import { pageActor } from "@/lib/auth/page";
import { appListSearch, invalidFilters, readAppListQuery } from "@/lib/schemas/app-list-url";
import { snapshotRef } from "@/lib/data/snapshot-diff";
import { HistoricalBanner } from "@/components/historical-banner";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ f: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Apps · ${(await params).f}` };
}

export default async function AppsPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const { f } = await params;
  const sp = await searchParams;
  const [foundation, segments] = await orNotFound(Promise.all([requireFoundation(f), listSegments(actor, f)]));
  const crumbs = [{ label: "Fleet", href: "/" }, { label: f, href: foundationHref(f) }, { label: "Apps" }];
  if (foundation.latestId === null) {
    return (
      <>
        <PageHeader crumbs={crumbs} title="Apps" />
        <EmptyState
          title="No snapshots yet — upload a cfdot desired-lrps dump"
          action={
            <Link href={uploadHref(f)} className={buttonClass}>
              Upload a dump of {f}
            </Link>
          }
        />
      </>
    );
  }
  // The first page arrives with the HTML, read from the URL with the same schema the table and the API use.
  const url = readAppListQuery({ get: (k) => [sp[k]].flat()[0] ?? null });
  const queryClient = getQueryClient();
  if (invalidFilters(url).length === 0) await queryClient.prefetchQuery({ ...appQueries.list(f, url.query), queryFn: () => listApps(actor, f, url.query) });
  const asOf = url.query.snapshot === undefined ? null : await orNotFound(snapshotRef(actor, f, Number(url.query.snapshot)));
  const latestSearch = appListSearch({ ...url.query, snapshot: undefined });
  return (
    <>
      <PageHeader crumbs={crumbs} title="Apps" subtitle={`Apps of ${f}. Filters live in the URL: share it to share the view.`} />
      {asOf && !asOf.latest && (
        <HistoricalBanner foundation={f} snapshot={asOf} latestHref={`${appsHref(f)}${latestSearch ? `?${latestSearch}` : ""}`} />
      )}
      <HydrationBoundary state={dehydrate(queryClient)}>
        <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>
          <AppTable foundation={f} segments={segments.map((s) => s.name)} />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}
