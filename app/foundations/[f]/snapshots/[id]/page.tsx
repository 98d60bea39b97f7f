import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { formatUtc } from "@/components/format";
import { foundationHref } from "@/components/links";
import { PageHeader } from "@/components/page-header";
import { SnapshotDiff } from "@/components/snapshot-diff";
import { pageActor } from "@/lib/auth/page";
import { orNotFound } from "@/lib/data/page-context";
import { snapshotDiff } from "@/lib/data/snapshot-diff";
import { snapshotParams } from "@/lib/schemas/snapshot";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ f: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { f, id } = await params;
  return { title: `Snapshot #${id} · ${f}` };
}

export default async function SnapshotPage({ params }: Props) {
  const actor = await pageActor();
  const parsed = snapshotParams.safeParse(await params);
  if (!parsed.success) notFound();
  const { f, id } = parsed.data;
  const diff = await orNotFound(snapshotDiff(actor, f, Number(id)));
  return (
    <>
      <PageHeader
        crumbs={[
          { label: "Fleet", href: "/" },
          { label: f, href: `${foundationHref(f)}#snapshots` },
          { label: "Snapshots" },
        ]}
        title={`Snapshot #${diff.snapshot.id}`}
        subtitle={`Captured ${formatUtc(diff.snapshot.capturedAt)}: what changed since the snapshot before it.`}
      />
      <SnapshotDiff foundation={f} diff={diff} />
    </>
  );
}
