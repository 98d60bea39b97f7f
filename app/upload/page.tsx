import type { Metadata } from "next";
import { Section, PageHeader } from "@/components/page-header";
import { ReadinessUploadCommands } from "@/components/readiness/upload-commands";
import { UploadCommands } from "@/components/upload-commands";
import { UploadForm } from "@/components/upload/upload-form";
import { listFoundations } from "@/lib/data/foundations";
import { requestOrigin } from "@/lib/data/page-context";
import { foundationName } from "@/lib/schemas/foundation";
import { pageActor } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UploadPage({ searchParams }: Props) {
  const actor = await pageActor("upload");
  const sp = await searchParams;
  // The link's name lands in a shell command below: only a valid foundation name is shown, never the raw value.
  const given = sp.foundation;
  const prefill = foundationName.safeParse(given);
  const ignored = given !== undefined && given !== "" && !prefill.success;
  const [foundations, origin] = await Promise.all([listFoundations(actor), requestOrigin()]);
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Fleet", href: "/" }, { label: "Upload" }]}
        title="Upload a snapshot"
        subtitle="One cfdot desired-lrps dump of one foundation. Identical content uploaded again is recorded as observed again, not duplicated."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Upload">
          {ignored && (
            <p role="note" className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              The foundation name in this link was ignored: a name is lower-case letters, digits and dashes, at most 63 characters.
            </p>
          )}
          <UploadForm defaultFoundation={prefill.data ?? ""} knownFoundations={foundations.map((f) => f.name)} />
        </Section>
        <Section title="How to produce the dump">
          <UploadCommands origin={origin} foundation={prefill.data ?? null} />
        </Section>
        <Section title="Manifest and Cloud Controller export">
          <ReadinessUploadCommands origin={origin} foundation={prefill.data ?? null} />
        </Section>
      </div>
    </>
  );
}
