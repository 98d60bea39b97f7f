import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { OrgProgress } from "@/components/fleet/org-progress";
import { PageHeader } from "@/components/page-header";
import { pageActor } from "@/lib/auth/page";
import { getOrgProgress } from "@/lib/data/org-progress";
import { orNotFound } from "@/lib/data/page-context";
import { orgParams } from "@/lib/schemas/fleet";
import { burndownPageQuery } from "@/lib/schemas/progress";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · orgs` };
}

export default async function OrgPage({ params, searchParams }: Props) {
  const actor = await pageActor();
  const parsed = orgParams.safeParse(await params);
  if (!parsed.success) notFound();
  const org = await orNotFound(getOrgProgress(actor, parsed.data.name));
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Fleet", href: "/#org-rollup" }, { label: "Org" }]}
        title={org.name}
        subtitle="This org's apps on every foundation that has an org of this name, from each foundation's snapshots."
      />
      <OrgProgress org={org} burndownPage={burndownPageQuery.parse(await searchParams).burndownPage} />
    </>
  );
}
