import { describe, expect, it } from "vitest";
import { pointPage } from "./point-page";

describe("pointPage", () => {
  it("shows the latest points first, and every point once across the pages", () => {
    const pages = Array.from({ length: 13 }, (_, i) => pointPage(365, i + 1, 30));
    expect(pages[0]).toEqual({ page: 1, pages: 13, from: 335, to: 365 });
    expect(pages[1]).toEqual({ page: 2, pages: 13, from: 305, to: 335 });
    expect(pages[12]).toEqual({ page: 13, pages: 13, from: 0, to: 5 });
    const seen = pages.flatMap((p) => Array.from({ length: p.to - p.from }, (_, i) => p.from + i)).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 365 }, (_, i) => i));
  });

  it("shows a short series whole on one page", () => {
    expect(pointPage(3, 1, 30)).toEqual({ page: 1, pages: 1, from: 0, to: 3 });
    expect(pointPage(30, 1, 30)).toEqual({ page: 1, pages: 1, from: 0, to: 30 });
    expect(pointPage(0, 1, 30)).toEqual({ page: 1, pages: 1, from: 0, to: 0 });
  });

  it("shows the oldest points for a page past the end", () => {
    expect(pointPage(365, 99, 30)).toEqual({ page: 13, pages: 13, from: 0, to: 5 });
  });
});
