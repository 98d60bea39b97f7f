/**
 * The migration workflow of one app (product.md "Migration status"). Pure: every change it decides is
 * written by its caller as an append-only event with actor, time and note, in the same transaction.
 */
export const STATUSES = [
  "untriaged",
  "testing",
  "verified",
  "needs_privilege",
  "waived",
  "restaged",
  "migrated",
  "gone",
] as const;
export type Status = (typeof STATUSES)[number];


/** What a newly published latest snapshot shows of an app. */
export type Observation = "privileged" | "unprivileged" | "absent";

export interface IngestTransition {
  to: Status;
  action: "detected" | "reappeared" | "regressed" | "migrated" | "gone";
  regression: boolean;
  note: string;
}

/**
 * Ingest's own transitions: `migrated` and `gone` are set by snapshots only, and a migrated app seen
 * privileged again is a regression (CC copies the platform flag into every new LRP, so a flag flipped back
 * on re-privileges an app at its next restart).
 */
export function observe(status: Status | null, seen: Observation): IngestTransition | null {
  if (seen === "absent") {
    if (status === null || status === "gone") return null;
    return { to: "gone", action: "gone", regression: false, note: "absent from the latest snapshot" };
  }
  if (seen === "privileged") {
    if (status === null)
      return { to: "untriaged", action: "detected", regression: false, note: "runs privileged in the latest snapshot" };
    if (status === "gone")
      return { to: "untriaged", action: "reappeared", regression: false, note: "back in the latest snapshot, still privileged" };
    if (status === "migrated")
      return { to: "untriaged", action: "regressed", regression: true, note: "was migrated, runs privileged again" };
    return null;
  }
  if (status === null || status === "migrated") return null;
  return { to: "migrated", action: "migrated", regression: false, note: "no privileged LRP in the latest snapshot" };
}
