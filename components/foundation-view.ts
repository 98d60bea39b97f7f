import type { FoundationPageQuery } from "@/lib/schemas/foundation-page";
import { foundationHref } from "./links";

/** The foundation page with some of its URL state changed; `hash` (if any) scrolls to the list that changed. */
export function foundationViewHref(foundation: string, view: FoundationPageQuery, change: Partial<FoundationPageQuery>, hash: string): string {
  const next = { ...view, ...change };
  const sp = new URLSearchParams();
  if (next.orgSearch !== "") sp.set("orgSearch", next.orgSearch);
  if (next.orgPage !== 1) sp.set("orgPage", String(next.orgPage));
  if (next.snapshotPage !== 1) sp.set("snapshotPage", String(next.snapshotPage));
  if (next.snapshot !== undefined) sp.set("snapshot", next.snapshot);
  if (next.burndownPage !== 1) sp.set("burndownPage", String(next.burndownPage));
  const qs = sp.toString();
  return `${foundationHref(foundation)}${qs ? `?${qs}` : ""}${hash ? `#${hash}` : ""}`;
}
