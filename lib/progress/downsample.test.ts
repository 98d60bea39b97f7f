import { describe, expect, it } from "vitest";
import { downsample } from "./downsample";

interface Day {
  day: number;
  a: number;
  b: number;
}

/** A year of daily points: `a` burns down slowly, `b` stays flat; `change` edits some days. */
function year(change: (d: Day) => Day = (d) => d): Day[] {
  return Array.from({ length: 365 }, (_, day) => change({ day, a: 300 - Math.floor(day / 2), b: 40 }));
}
const both = (d: Day) => [d.a, d.b];

describe("downsample", () => {
  it("leaves a series within the bound as it is", () => {
    const short = year().slice(0, 180);
    expect(downsample(short, 180, both)).toBe(short);
    expect(downsample([], 180, both)).toEqual([]);
  });

  it("keeps at most the bound, in order, starting at the baseline and ending at the latest point", () => {
    for (const max of [16, 50, 180, 364]) {
      const kept = downsample(year(), max, both);
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(kept[0].day).toBe(0);
      expect(kept.at(-1)?.day).toBe(364);
      expect(kept.map((d) => d.day)).toEqual([...new Set(kept.map((d) => d.day))].sort((x, y) => x - y));
    }
  });

  it("uses the bound for a burn-down rather than a handful of coarse runs", () => {
    expect(downsample(year(), 180, both).length).toBeGreaterThan(150);
  });

  it("keeps a one-day spike and a one-day dip of any series", () => {
    const spiky = year((d) => (d.day === 100 ? { ...d, a: 900 } : d.day === 250 ? { ...d, b: 0 } : d.day === 251 ? { ...d, b: 99 } : d));
    for (const max of [16, 180]) {
      const kept = downsample(spiky, max, both);
      expect(kept.find((d) => d.day === 100)?.a).toBe(900);
      expect(kept.find((d) => d.day === 250)?.b).toBe(0);
      expect(kept.find((d) => d.day === 251)?.b).toBe(99);
    }
  });

  it("keeps the peak of a week-long regression even at a coarse bound", () => {
    // a steady burn-down that climbs back for a week from day 200
    const regressed = year((d) => (d.day >= 200 && d.day < 207 ? { ...d, a: 300 - 100 + (d.day - 199) * 10 } : d));
    const kept = downsample(regressed, 16, both).map((d) => d.day);
    expect(kept).toContain(206);
  });

  it("refuses a bound too small for each series' extremes", () => {
    expect(() => downsample(year(), 5, both)).toThrow(RangeError);
  });
});
