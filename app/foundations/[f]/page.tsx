import type { Metadata } from "next";
import { FoundationOverview } from "@/components/foundation-overview";
import { PageHeader } from "@/components/page-header";
import { ReadinessPanel } from "@/components/readiness/readiness-panel";
import { listOrgs, listSegments } from "@/lib/data/orgs";
import { orNotFound, requestOrigin } from "@/lib/data/page-context";
import { listSnapshots } from "@/lib/data/snapshots";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ f: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).f };
}

export default async function FoundationPage({ params }: Props) {
  const { f } = await params;
  const [snapshots, orgs, segments] = await orNotFound(Promise.all([listSnapshots(f), listOrgs(f), listSegments(f)]));
  const origin = await requestOrigin();
  return (
    <>
      <PageHeader crumbs={[{ label: "Fleet", href: "/" }, { label: "Foundation" }]} title={f} />
      <ReadinessPanel foundation={f} origin={origin} />
      <FoundationOverview foundation={f} snapshots={snapshots} orgs={orgs} segments={segments} origin={origin} />
    </>
  );
}
