import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = { title: { default: "Rootless Ready", template: "%s · Rootless Ready" } };
// Every page, the not-found page included, is rendered per request: a prerendered page would carry no
// script nonce, and the Content-Security-Policy of proxy.ts would block its scripts.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3 text-sm" aria-label="Main">
            <Link href="/" className="font-semibold text-slate-900">
              Rootless Ready
            </Link>
            <Link href="/" className="text-slate-600 hover:text-slate-900">
              Fleet
            </Link>
            <Link href="/my-apps" className="text-slate-600 hover:text-slate-900">
              My apps
            </Link>
            <Link href="/upload" className="text-slate-600 hover:text-slate-900">
              Upload
            </Link>
          </nav>
        </header>
        <Providers>
          <main className="mx-auto max-w-7xl px-6 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
