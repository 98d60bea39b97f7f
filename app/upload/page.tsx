import type { Metadata } from "next";
import { Section, PageHeader } from "@/components/page-header";
import { UploadCommands } from "@/components/upload-commands";
import { UploadForm } from "@/components/upload-form";
import { listFoundations } from "@/lib/data/foundations";
import { requestOrigin } from "@/lib/data/page-context";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UploadPage({ searchParams }: Props) {
  const sp = await searchParams;
  const prefill = typeof sp.foundation === "string" ? sp.foundation : "";
  const [foundations, origin] = await Promise.all([listFoundations(), requestOrigin()]);
  return (
    <>
      <PageHeader
        crumbs={[{ label: "Fleet", href: "/" }, { label: "Upload" }]}
        title="Upload a snapshot"
        subtitle="One cfdot desired-lrps dump of one foundation. Identical content uploaded again is recorded as observed again, not duplicated."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Upload">
          <UploadForm defaultFoundation={prefill} knownFoundations={foundations.map((f) => f.name)} />
        </Section>
        <Section title="How to produce the dump">
          <UploadCommands origin={origin} foundation={prefill || undefined} />
        </Section>
      </div>
    </>
  );
}
