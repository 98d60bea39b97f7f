import { PageHeader } from "@/components/page-header";

export default function Loading() {
  return (
    <>
      <PageHeader crumbs={[{ label: "Fleet", href: "/#org-rollup" }, { label: "Org" }]} title="Org" />
      <p role="status" className="text-sm text-slate-600">
        Loading the org&apos;s progress across foundations…
      </p>
    </>
  );
}
