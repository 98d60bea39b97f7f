import type { NamedRef } from "./app";

/** An app in a snapshot diff, as it was in this snapshot (an absent app: as it was in the previous one). */
export interface DiffAppDto {
  guid: string;
  name: string;
  org: NamedRef;
  space: NamedRef;
  privileged: boolean;
}

export interface SnapshotRefDto {
  id: string;
  capturedAt: string;
}

/** `GET /api/foundations/{f}/snapshots/{id}/diff`: against the snapshot before it by capturedAt. */
export interface SnapshotDiffDto {
  snapshot: SnapshotRefDto;
  /** null for the first snapshot: then every list is empty */
  previous: SnapshotRefDto | null;
  /** migrated apps this snapshot saw privileged again (its "regressed" events) */
  regressed: DiffAppDto[];
  newlyPrivileged: DiffAppDto[];
  fixed: DiffAppDto[];
  absent: DiffAppDto[];
  added: DiffAppDto[];
}
