import Link from "next/link";
import { buttonClass } from "@/components/empty-state";
import { FleetOverview } from "@/components/fleet-overview";
import { PageHeader } from "@/components/page-header";
import { FleetReadiness } from "@/components/readiness/fleet-readiness";
import { FleetProgress } from "@/components/progress/fleet-progress";
import { fleetHref } from "@/components/links";
import { listFoundations } from "@/lib/data/foundations";
import { getFleetProgress } from "@/lib/data/progress";
import { burndownPageQuery } from "@/lib/schemas/progress";
import { listReadinessVerdicts } from "@/lib/data/readiness";
import { pageActor } from "@/lib/auth/page";
import { IfAllowed } from "@/components/viewer";
import { FleetRollupSections } from "@/components/fleet/fleet-rollup-sections";
import { fleetRollupView } from "@/lib/data/fleet";

export const dynamic = "force-dynamic";

/** The page draws the fleet's and foundations' burndowns; org series are for `/orgs/{name}` and the API. */
const NO_ORG_SERIES = { org: [] };

export default async function FleetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await pageActor();
  const query = await searchParams;
  const { burndownPage } = burndownPageQuery.parse(query);
  const [foundations, verdicts, progress] = await Promise.all([listFoundations(actor), listReadinessVerdicts(actor), getFleetProgress(actor, NO_ORG_SERIES)]);
  return (
    <>
      <PageHeader
        title="Fleet"
        subtitle="Apps still running in privileged containers, per foundation, from each foundation's latest snapshot."
        actions={
          <IfAllowed action="upload">
            <Link href="/upload" className={buttonClass}>
              Upload a dump
            </Link>
          </IfAllowed>
        }
      />
      <FleetOverview foundations={foundations} />
      {foundations.length > 0 && (
        <FleetProgress
          progress={progress}
          tablePage={burndownPage}
          pageHref={(page) => fleetHref(query, { burndownPage: page === 1 ? undefined : String(page) }, "fleet-burndown")}
        />
      )}
      <FleetReadiness foundations={verdicts} />
      <FleetRollupSections {...await fleetRollupView(actor, query)} />
    </>
  );
}
