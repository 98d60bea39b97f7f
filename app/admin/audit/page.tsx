import type { Metadata } from "next";
import { AuditLog } from "@/components/admin/audit-log";
import { PageHeader } from "@/components/page-header";
import { pageActor } from "@/lib/auth/page";
import { adminAuditActions, adminAuditPage } from "@/lib/data/admin";
import { auditQuery } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditPage({ searchParams }: Props) {
  const actor = await pageActor("view_audit");
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditQuery.safeParse(raw);
  const query = parsed.success ? parsed.data : auditQuery.parse({});
  return (
    <>
      <PageHeader crumbs={[{ label: "Admin", href: "/admin" }, { label: "Audit log" }]} title="Audit log" subtitle="Sign-ins, uploads, deletions, and changes of users, owners and tokens, newest first." />
      <AuditLog query={query} invalid={!parsed.success} actions={adminAuditActions(actor)} page={adminAuditPage(actor, query)} />
    </>
  );
}
