import type { Metadata } from "next";
import { AppDetail } from "@/components/app-detail";
import { PrivilegedBadge, RegressionBadge, StatusBadge } from "@/components/badges";
import { appsHref, foundationHref } from "@/components/links";
import { PageHeader } from "@/components/page-header";
import { getApp } from "@/lib/data/apps";
import { orNotFound } from "@/lib/data/page-context";
import { pageActor } from "@/lib/auth/page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ f: string; guid: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { f, guid } = await params;
  return { title: `${guid} · ${f}` };
}

export default async function AppPage({ params }: Props) {
  const actor = await pageActor();
  const { f, guid } = await params;
  const app = await orNotFound(getApp(f, guid, actor));
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Fleet", href: "/" },
          { label: f, href: foundationHref(f) },
          { label: "Apps", href: appsHref(f) },
        ]}
        title={<span className={app.name === app.guid ? "font-mono text-xl" : undefined}>{app.name}</span>}
        actions={
          <>
            <PrivilegedBadge privileged={app.privileged} />
            <StatusBadge status={app.status} />
            {app.regression && <RegressionBadge />}
          </>
        }
      />
      <AppDetail foundation={f} app={app} />
    </>
  );
}
