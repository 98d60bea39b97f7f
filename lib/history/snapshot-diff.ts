/**
 * What changed between two consecutive snapshots (by capturedAt), read from span edges only. A span is a run of
 * consecutive snapshots in which an app did not change, so an app present and unchanged in both lies in one span
 * that covers both, and every change shows as a span that ends at the previous capture, one that begins at this
 * capture, or both: the diff never reads the apps that did not change.
 */

/** An app's state on one side of the diff. */
export interface EdgeState<T> {
  guid: string;
  privileged: boolean;
  /** whatever the caller carries along (org, space) */
  at: T;
}

export interface SpanDiff<T> {
  /** present in both, unprivileged before, privileged now */
  newlyPrivileged: EdgeState<T>[];
  /** present in both, privileged before, unprivileged now */
  fixed: EdgeState<T>[];
  /** in the previous snapshot, not in this one (stopped or deleted); the state is the previous one */
  absent: EdgeState<T>[];
  /** in this snapshot, not in the previous one (new, or back after an absence) */
  added: EdgeState<T>[];
}

/**
 * `ended`: spans that end at the previous capture; `started`: spans that begin at this one. An app in both
 * changed (privilege, or anything else a span holds); only in `ended`, it is gone; only in `started`, it is new.
 */
export function diffSpanEdges<T>(ended: EdgeState<T>[], started: EdgeState<T>[]): SpanDiff<T> {
  const before = new Map(ended.map((e) => [e.guid, e]));
  const out: SpanDiff<T> = { newlyPrivileged: [], fixed: [], absent: [], added: [] };
  for (const now of started) {
    const was = before.get(now.guid);
    before.delete(now.guid);
    if (!was) out.added.push(now);
    else if (now.privileged && !was.privileged) out.newlyPrivileged.push(now);
    else if (!now.privileged && was.privileged) out.fixed.push(now);
  }
  out.absent.push(...before.values());
  return out;
}
