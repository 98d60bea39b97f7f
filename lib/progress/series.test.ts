import { describe, expect, it } from "vitest";
import { buildSeries, sumSeries, type SeriesEvent, type SeriesSpan } from "./series";

const DAY = 86_400_000;
const d = (n: number) => n * DAY;
const snaps = (...days: number[]) => days.map((day, i) => ({ id: i + 1, capturedMs: d(day) }));
const span = (app: string, from: number, to: number, privileged: boolean): SeriesSpan => ({ app, fromMs: d(from), toMs: d(to), privileged });
const ev = (app: string, at: number, action: string, toStatus: SeriesEvent["toStatus"], expiresMs: number | null = null): SeriesEvent => ({
  app,
  atMs: at * DAY,
  action,
  toStatus,
  expiresMs,
});

/** What a manager reads off each point: remaining privileged apps and the non-zero statuses. */
const brief = (points: ReturnType<typeof buildSeries>) =>
  points.map((p) => ({
    privileged: p.privilegedApps,
    ...Object.fromEntries(Object.entries(p.statuses).filter(([, n]) => n > 0)),
    ...(p.absent ? { absent: p.absent } : {}),
    ...(p.regressions ? { regressions: p.regressions } : {}),
  }));

describe("buildSeries", () => {
  it("detects privileged apps and migrates the ones a later snapshot shows unprivileged", () => {
    const points = buildSeries(snaps(1, 2, 3), [span("a", 1, 2, true), span("a", 3, 3, false), span("b", 1, 3, true), span("c", 1, 3, false)], []);
    expect(brief(points)).toEqual([
      { privileged: 2, untriaged: 2 },
      { privileged: 2, untriaged: 2 },
      { privileged: 1, untriaged: 1, migrated: 1 },
    ]);
    expect(points.map((p) => p.snapshotId)).toEqual([1, 2, 3]);
  });

  it("counts an action taken between two uploads from the next point on", () => {
    const points = buildSeries(snaps(1, 2, 3), [span("a", 1, 3, true)], [ev("a", 1.5, "start_test", "testing"), ev("a", 2.5, "verify", "verified")]);
    expect(brief(points)).toEqual([
      { privileged: 1, untriaged: 1 },
      { privileged: 1, testing: 1 },
      { privileged: 1, verified: 1 },
    ]);
  });

  it("gives a back-filled snapshot its true point: the state as of its capture time, observed by the same rules", () => {
    // day 2 was uploaded last: ingest never observed it, yet the app ran unprivileged then
    const spans = [span("a", 1, 1, true), span("a", 2, 3, false), span("b", 2, 3, true)];
    expect(brief(buildSeries(snaps(3, 1, 2).map((s, i) => ({ ...s, id: i + 1 })), spans, []))).toEqual([
      { privileged: 1, untriaged: 1 },
      { privileged: 1, untriaged: 1, migrated: 1 },
      { privileged: 1, untriaged: 1, migrated: 1 },
    ]);
  });

  it("keeps an absent app out of the statuses and migrates it when it returns unprivileged", () => {
    const points = buildSeries(snaps(1, 2, 3, 4), [span("a", 1, 1, true), span("a", 3, 3, false), span("b", 1, 2, true)], []);
    expect(brief(points)).toEqual([
      { privileged: 2, untriaged: 2 },
      { privileged: 1, untriaged: 1, absent: 1 },
      { privileged: 0, migrated: 1, absent: 1 },
      { privileged: 0, absent: 2 },
    ]);
  });

  it("flags a regression at the snapshot that shows a migrated app privileged again", () => {
    const points = buildSeries(snaps(1, 2, 3, 4), [span("a", 1, 1, true), span("a", 2, 2, false), span("a", 3, 4, true)], []);
    expect(brief(points)).toEqual([
      { privileged: 1, untriaged: 1 },
      { privileged: 0, migrated: 1 },
      { privileged: 1, untriaged: 1, regressions: 1 },
      { privileged: 1, untriaged: 1 },
    ]);
  });

  it("names each regression it counts, at its snapshot, back-filled or not", () => {
    // snapshot 4 (day 3) was uploaded last, between days 2 and 4: it shows a privileged again, b only on day 4
    const snapshots = [...snaps(1, 2, 4), { id: 4, capturedMs: d(3) }];
    const spans = [span("a", 1, 1, true), span("a", 2, 2, false), span("a", 3, 3, true), span("a", 4, 4, false)];
    spans.push(span("b", 1, 1, true), span("b", 2, 3, false), span("b", 4, 4, true));
    const named: [string, number][] = [];
    const points = buildSeries(snapshots, spans, [], (app, id) => named.push([app, id]));
    expect(named).toEqual([["a", 4], ["b", 3]]);
    expect(points.map((p) => [p.snapshotId, p.regressions])).toEqual([[1, 0], [2, 0], [4, 1], [3, 1]]);
  });

  it("returns a waived app to its earlier status at the first point after its waiver expired, even before anyone recorded the expiry", () => {
    const events = [ev("a", 1.2, "needs_privilege", "needs_privilege"), ev("a", 1.4, "approve_waiver", "waived", d(2.5))];
    expect(brief(buildSeries(snaps(1, 2, 3, 4), [span("a", 1, 4, true)], events))).toEqual([
      { privileged: 1, untriaged: 1 },
      { privileged: 1, waived: 1 },
      { privileged: 1, needs_privilege: 1 },
      { privileged: 1, needs_privilege: 1 },
    ]);
  });

  it("takes a reopened migrated app back to migrated at the next snapshot that still shows it unprivileged", () => {
    const events = [ev("a", 2.5, "reopen", "untriaged")];
    expect(brief(buildSeries(snaps(1, 2, 3), [span("a", 1, 1, true), span("a", 2, 3, false)], events))).toEqual([
      { privileged: 1, untriaged: 1 },
      { privileged: 0, migrated: 1 },
      { privileged: 0, migrated: 1 },
    ]);
  });

  it("counts a year of daily snapshots × 50k apps", () => {
    const days = 365;
    const spans: SeriesSpan[] = [];
    const events: SeriesEvent[] = [];
    for (let i = 0; i < 50_000; i++) {
      const app = `app-${i}`;
      const fixed = i % 10 === 0 ? 1 + (i % days) : null;
      if (fixed === null) spans.push(span(app, 0, days - 1, i % 50 === 1));
      else {
        spans.push(span(app, 0, fixed - 1, true), span(app, fixed, days - 1, false));
        events.push(ev(app, fixed - 0.5, "mark_restaged", "restaged"));
      }
    }
    const points = buildSeries(snaps(...Array.from({ length: days }, (_, i) => i)), spans, events);
    expect(points).toHaveLength(days);
    expect(points[0].privilegedApps).toBe(6000);
    expect(points[days - 1].statuses.migrated).toBe(5000);
  });
});

describe("sumSeries", () => {
  it("adds each series' latest point as of every capture time", () => {
    const a = buildSeries(snaps(1, 3), [span("a", 1, 3, true)], []);
    const b = buildSeries(snaps(2), [span("b", 2, 2, true)], []);
    expect(sumSeries([a, b]).map((p) => [p.capturedMs / DAY, p.privilegedApps, p.statuses.untriaged])).toEqual([
      [1, 1, 1],
      [2, 2, 2],
      [3, 2, 2],
    ]);
  });
});
