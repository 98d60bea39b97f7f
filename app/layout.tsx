import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Providers } from "@/components/providers";
import { optionalActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: { default: "Rootless Ready", template: "%s · Rootless Ready" } };
// Every page, the not-found page included, is rendered per request: a prerendered page would carry no
// script nonce, and the Content-Security-Policy of proxy.ts would block its scripts.
export const dynamic = "force-dynamic";

const navLink = "text-slate-600 hover:text-slate-900";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const viewer = await optionalActor();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3 text-sm" aria-label="Main">
            <Link href="/" className="font-semibold text-slate-900">
              Rootless Ready
            </Link>
            {viewer && (
              <>
                <Link href="/" className={navLink}>
                  Fleet
                </Link>
                <Link href="/my-apps" className={navLink}>
                  My apps
                </Link>
                {can(viewer, "upload") && (
                  <Link href="/upload" className={navLink}>
                    Upload
                  </Link>
                )}
                {can(viewer, "manage_users") && (
                  <Link href="/admin" className={navLink}>
                    Admin
                  </Link>
                )}
                <span className="ml-auto text-slate-500">
                  <span className="text-slate-800">{viewer.name}</span> · {viewer.role}
                </span>
                <SignOutButton />
              </>
            )}
          </nav>
        </header>
        <Providers viewer={viewer}>
          <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
