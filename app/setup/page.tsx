import type { Metadata } from "next";
import Link from "next/link";
import { SetupForm } from "@/components/auth/setup-form";
import { linkClass } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { MIN_PASSWORD_LENGTH, userCount } from "@/lib/auth/accounts";
import { readDb } from "@/lib/db/sqlite";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "First-run setup" };

export default async function SetupPage() {
  if (userCount(readDb()) > 0)
    return (
      <div className="mx-auto max-w-sm">
        <PageHeader title="Setup is done" subtitle="An administrator exists; more accounts are made by an administrator under Admin." />
        <Link href="/sign-in" className={linkClass}>
          Sign in
        </Link>
      </div>
    );
  return (
    <div className="mx-auto max-w-sm">
      <PageHeader title="First-run setup" subtitle="Create the first administrator. This page works once: afterwards administrators add people under Admin." />
      <SetupForm minPasswordLength={MIN_PASSWORD_LENGTH} />
    </div>
  );
}
