/** A download's file name that needs no quoting in Content-Disposition: the foundation's slug, what it is and when. */
export function downloadName(foundation: string, what: string, ext: string, at: Date): string {
  const safe = foundation.replace(/[^a-z0-9-]/gi, "_").slice(0, 63) || "foundation";
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `${safe}-${what}-${stamp}.${ext}`;
}
