import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { MyApps } from "@/components/workflow/my-apps";
import { myApps } from "@/lib/data/my-apps";
import { pageActor } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "My apps" };

export default async function MyAppsPage() {
  const apps = await myApps(await pageActor());
  return (
    <>
      <PageHeader title="My apps" subtitle="Apps in the latest snapshots that need something from their owners, most urgent first." />
      <MyApps data={apps} />
    </>
  );
}
