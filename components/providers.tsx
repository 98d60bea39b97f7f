"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { z } from "zod";
import { getQueryClient } from "@/components/query-client";
import { ViewerProvider } from "@/components/viewer";
import type { Actor } from "@/lib/auth/permissions";

// zod probes for eval (`Function("")`) to compile fast parsers; the page's Content-Security-Policy forbids eval,
// so the probe only adds a violation report. Set before any schema parses in the browser.
z.config({ jitless: true });

export function Providers({ viewer, children }: { viewer: Actor | null; children: ReactNode }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <ViewerProvider viewer={viewer}>{children}</ViewerProvider>
    </QueryClientProvider>
  );
}
