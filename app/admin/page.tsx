import type { Metadata } from "next";
import Link from "next/link";
import { OwnersSection } from "@/components/admin/owners-section";
import { TokensSection } from "@/components/admin/tokens-section";
import { UsersSection } from "@/components/admin/users-section";
import { linkClass } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/accounts";
import { pageActor } from "@/lib/auth/page";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  await pageActor("manage_users");
  return (
    <>
      <PageHeader
        title="Admin"
        subtitle="Users, owner assignments and API tokens. Every change is written to the audit log."
        actions={
          <Link href="/admin/audit" className={linkClass}>
            Audit log →
          </Link>
        }
      />
      <div className="space-y-6">
        <UsersSection minPasswordLength={MIN_PASSWORD_LENGTH} />
        <OwnersSection />
        <TokensSection />
      </div>
    </>
  );
}
