import { NextResponse, type NextRequest } from "next/server";
import { PAGE_PATH_HEADER } from "@/lib/auth/page-path";
import { pageContentSecurityPolicy } from "@/lib/security/headers.mjs";

/**
 * Gives every page request a fresh nonce and the Content-Security-Policy that names it. Next reads the
 * nonce from the request's CSP header and puts it on the scripts it renders (pages are rendered per
 * request, see app/layout.tsx); the browser then runs no script without it.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", csp);
  headers.set(PAGE_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Never /api: Next copies the body of every request its proxy sees and cuts the copy at 10 MB, and
  // dumps are larger. API answers get their headers from next.config.js. Static files need no nonce.
  matcher: ["/((?!api/|api$|_next/static/|_next/image).*)"],
};
