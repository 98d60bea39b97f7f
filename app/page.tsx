import Link from "next/link";
import { buttonClass } from "@/components/empty-state";
import { FleetOverview } from "@/components/fleet-overview";
import { PageHeader } from "@/components/page-header";
import { listFoundations } from "@/lib/data/foundations";

export const dynamic = "force-dynamic";

export default async function FleetPage() {
  const foundations = await listFoundations();
  return (
    <>
      <PageHeader
        title="Fleet"
        subtitle="Apps still running in privileged containers, per foundation, from each foundation's latest snapshot."
        actions={
          <Link href="/upload" className={buttonClass}>
            Upload a dump
          </Link>
        }
      />
      <FleetOverview foundations={foundations} />
    </>
  );
}
