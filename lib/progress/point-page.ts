/**
 * Which points of a burndown its data table shows: pages of `size` counted back from the newest, so the first
 * page (the default) is the latest `size` points and the last page starts at the baseline. A page past the
 * end shows the oldest points. `from` and `to` index the series (oldest first), `to` exclusive. Pure.
 */
export interface PointPage {
  page: number;
  pages: number;
  from: number;
  to: number;
}

export function pointPage(total: number, page: number, size: number): PointPage {
  const pages = Math.max(1, Math.ceil(total / size));
  const shown = Math.min(Math.max(1, page), pages);
  const to = total - (shown - 1) * size;
  return { page: shown, pages, from: Math.max(0, to - size), to };
}
