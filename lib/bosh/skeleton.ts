// A redacted skeleton of a manifest: the instance groups that generated ops files can touch, with their jobs and
// releases, and of all properties only the paths those ops files set. It is stored instead of the manifest (which
// carries credentials) so that a user can preview the patched instance groups before downloading an ops file,
// and so that ops files are written against what the manifest has at each step of their paths.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Stands in for a kept path's value that is not a boolean or null: that value may be a credential. */
export const NOT_STORED = "(not stored)";

export interface SkeletonJob {
  name: string;
  release?: string;
  /** only the kept paths; null when the manifest says `properties:` with no value */
  properties?: Obj | null;
}

export interface SkeletonGroup {
  name: string;
  instances?: number;
  jobs: SkeletonJob[];
  properties?: Obj | null;
}

/** Shaped like a manifest (snake_case keys), so go-patch paths apply to it as they do to the manifest. */
export interface ManifestSkeleton {
  instance_groups: SkeletonGroup[];
  properties?: Obj | null;
}

const keepable = (v: unknown) => (typeof v === "boolean" || v === null ? v : NOT_STORED);

/**
 * Copies `path` from `src` into `dst` as far as `src` has it: maps as maps, a boolean or null as it is, any other
 * value as NOT_STORED. A null or scalar part way down is kept too: an ops file must replace it, not descend into it.
 */
export function keepPath(src: unknown, dst: object, path: readonly string[]): void {
  let s = src;
  let d = dst as Obj;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (!isObj(s) || !Object.hasOwn(s, key)) return;
    const v = s[key];
    if (i === path.length - 1 || !isObj(v)) {
      d[key] = keepable(v);
      return;
    }
    if (!isObj(d[key])) d[key] = {};
    d = d[key] as Obj;
    s = v;
  }
}
