import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { PageHeader } from "@/components/page-header";
import { userCount } from "@/lib/auth/accounts";
import { optionalActor, safeNext } from "@/lib/auth/page";
import { uaaEnabled } from "@/lib/auth/uaa";
import { uaaErrorMessage } from "@/lib/auth/uaa-policy";
import { readDb } from "@/lib/db/sqlite";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const sp = await searchParams;
  const next = safeNext(typeof sp.next === "string" ? sp.next : null);
  if (await optionalActor()) redirect(next);
  if (userCount(readDb()) === 0) redirect("/setup");
  // a failed UAA sign-in comes back with error=uaa and better-auth's own code appended
  const errors = [sp.error ?? []].flat();
  return (
    <div className="mx-auto max-w-sm">
      <PageHeader title="Sign in" subtitle="Your platform team gives you an account." />
      {errors.includes("uaa") && (
        <p role="alert" className="mb-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {uaaErrorMessage(errors)}
        </p>
      )}
      <SignInForm next={next} uaa={uaaEnabled()} />
    </div>
  );
}
