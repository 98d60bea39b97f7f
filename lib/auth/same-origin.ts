/**
 * Why a cookie-authenticated request that changes something does not come from our own pages, or null when
 * it does. Browsers attach cookies to cross-site form posts, `text/plain` bodies included (no preflight),
 * so the session alone proves nothing: the request must say it is same-origin, by `Sec-Fetch-Site`
 * (every current browser) or, failing that, by an `Origin` naming this host. A request with neither comes
 * from a program, not a browser page. Pure: tested on its own.
 */
export function crossSiteReason(headers: Headers, publicUrl: string | undefined = process.env.BETTER_AUTH_URL): string | null {
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" ? null : `a ${site} request cannot use this session`;
  const origin = headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return "a request from an opaque origin cannot use this session";
  }
  if (publicUrl && new URL(publicUrl).host === host) return null;
  const own = headers.get("host");
  return own !== null && own.toLowerCase() === host.toLowerCase() ? null : "a request from another site cannot use this session";
}
