import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AppTable } from "@/components/app-table";
import { buttonClass, EmptyState } from "@/components/empty-state";
import { foundationHref, uploadHref } from "@/components/links";
import { PageHeader } from "@/components/page-header";
import { requireFoundation } from "@/lib/data/foundations";
import { listSegments } from "@/lib/data/orgs";
import { orNotFound } from "@/lib/data/page-context";
import { pageActor } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ f: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Apps · ${(await params).f}` };
}

export default async function AppsPage({ params }: Props) {
  await pageActor();
  const { f } = await params;
  const [foundation, segments] = await orNotFound(Promise.all([requireFoundation(f), listSegments(f)]));
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
  return (
    <>
      <PageHeader crumbs={crumbs} title="Apps" subtitle={`Apps in the latest snapshot of ${f}. Filters live in the URL: share it to share the view.`} />
      <Suspense fallback={<p className="text-sm text-slate-600">Loading…</p>}>
        <AppTable foundation={f} segments={segments.map((s) => s.name)} />
      </Suspense>
    </>
  );
}
