/** Hrefs of the dashboard's pages; every dynamic part is encoded (names come from uploaded dumps). */

const enc = encodeURIComponent;

export const foundationHref = (f: string): string => `/foundations/${enc(f)}`;

export const appHref = (f: string, guid: string): string => `/foundations/${enc(f)}/apps/${enc(guid)}`;

export function appsHref(f: string, filters: Record<string, string | undefined> = {}): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== "") sp.set(k, v);
  const qs = sp.toString();
  return `/foundations/${enc(f)}/apps${qs ? `?${qs}` : ""}`;
}

export const uploadHref = (f?: string): string => (f ? `/upload?foundation=${enc(f)}` : "/upload");
