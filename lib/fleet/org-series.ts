import type { OrgSpan } from "../progress/load";
import { buildSeries, sumSeries, type ProgressPoint, type SeriesEvent, type SeriesSnapshot, type SeriesSpan } from "../progress/series";

/**
 * Burndown series per org across foundations (issue #10). Teams span foundations, so an org is its name, as in
 * the roll-up (lib/fleet/rollup.ts): the same name on several foundations is one org. An org known only by its
 * guid is named by its guid, which no other foundation shares. Pure.
 */

/** Where apps whose LRPs named no org are counted, as the roll-up counts them. */
export const UNKNOWN_ORG = "(unknown)";

export interface OrgInputs {
  spans: SeriesSpan[];
  events: SeriesEvent[];
}

/**
 * A foundation's series inputs split by org guid. An app belongs to the org of its newest span that names one
 * (an app never changes org in Cloud Foundry; an old LRP may lack the tag), so its spans and events stay
 * together: the state machine runs over the app's whole history.
 */
export function groupByOrg(spans: OrgSpan[], events: SeriesEvent[]): Map<string, OrgInputs> {
  const orgOf = new Map<string, { org: string; toMs: number }>();
  for (const s of spans) {
    if (s.org === null) continue;
    const seen = orgOf.get(s.app);
    if (!seen || seen.toMs < s.toMs) orgOf.set(s.app, { org: s.org, toMs: s.toMs });
  }
  const groups = new Map<string, OrgInputs>();
  const of = (app: string) => {
    const org = orgOf.get(app)?.org ?? UNKNOWN_ORG;
    let g = groups.get(org);
    if (!g) groups.set(org, (g = { spans: [], events: [] }));
    return g;
  };
  for (const s of spans) of(s.app).spans.push(s);
  for (const e of events) of(e.app).events.push(e);
  return groups;
}

/**
 * A foundation's org guids by the name the org goes by: its name, or its guid while it has none. `names` holds
 * every org the foundation has seen; `groups` may add guids it has no row for (the unknown org).
 */
export function nameIndex(names: ReadonlyMap<string, string | null>, groups: ReadonlyMap<string, OrgInputs>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (name: string, guid: string) => {
    const guids = out.get(name);
    if (!guids) out.set(name, [guid]);
    else if (!guids.includes(guid)) guids.push(guid);
  };
  for (const [guid, name] of names) add(name ?? guid, guid);
  for (const guid of groups.keys()) if (!names.has(guid)) add(guid, guid);
  return out;
}

/** One foundation as the org series reads it: its snapshots, its inputs by org guid, and its org guids by name. */
export interface FoundationOrgInputs {
  foundation: string;
  snapshots: SeriesSnapshot[];
  groups: ReadonlyMap<string, OrgInputs>;
  byName: ReadonlyMap<string, string[]>;
}

export interface OrgSeries {
  name: string;
  /** the foundations that have an org of this name, in the order given */
  foundations: string[];
  points: Omit<ProgressPoint, "snapshotId">[];
}

/** The series of one foundation's orgs `guids` together: only their apps' spans and events. */
export function orgPoints(f: FoundationOrgInputs, guids: string[]): ProgressPoint[] {
  const parts = guids.map((g) => f.groups.get(g)).filter((g) => g !== undefined);
  return buildSeries(f.snapshots, parts.flatMap((p) => p.spans), parts.flatMap((p) => p.events));
}

/**
 * The series of the org going by `name`: on each foundation that has it, the series of only its apps, then
 * those added up by time (lib/progress/series.ts). An org that never had a privileged app has zeros at each of
 * its foundations' snapshots. `pointsOf` may answer a foundation's part from a cache.
 */
export function orgSeries(fleet: FoundationOrgInputs[], name: string, pointsOf = orgPoints): OrgSeries {
  const foundations: string[] = [];
  const series: ProgressPoint[][] = [];
  for (const f of fleet) {
    const guids = f.byName.get(name);
    if (!guids) continue;
    foundations.push(f.foundation);
    series.push(pointsOf(f, guids));
  }
  return { name, foundations, points: sumSeries(series) };
}
