import type { AppState } from "./state-machine";
import { effectiveStatus } from "./state-machine";

/** What an app needs from its owners (`/my-apps`), most urgent first. */
export const ACTION_GROUPS = ["regression", "waiver_request", "untriaged", "testing_stalled", "waiver_expiring"] as const;
export type ActionGroup = (typeof ACTION_GROUPS)[number];

const DAY = 86_400_000;
/** A test push older than this has stalled. */
export const TESTING_STALLED_DAYS = 14;
/** A waiver expiring within this many days needs a renewal or a plan. */
export const WAIVER_EXPIRING_DAYS = 30;

/**
 * The group an app in the latest snapshot belongs to, or null when it needs nothing now. A regression comes
 * before untriaged (it is untriaged too); a waiver request waits for an admin, never for its requester.
 */
export function needsAction(state: AppState, statusChangedMs: number | null, nowMs: number): ActionGroup | null {
  const status = effectiveStatus(state, nowMs);
  if (status === null || status === "migrated") return null;
  if (state.regression) return "regression";
  if (state.waiverRequest !== null) return "waiver_request";
  if (status === "untriaged") return "untriaged";
  if (status === "testing" && statusChangedMs !== null && nowMs - statusChangedMs > TESTING_STALLED_DAYS * DAY) return "testing_stalled";
  if (status === "waived" && state.waiverExpiresMs !== null && state.waiverExpiresMs - nowMs <= WAIVER_EXPIRING_DAYS * DAY) return "waiver_expiring";
  return null;
}
