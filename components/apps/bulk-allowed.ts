import { allowedActions, initialState, STATUSES, WORKFLOW_ACTIONS, type Status, type WaiverRequest, type WorkflowAction } from "@/lib/migration/state-machine";

export type BulkAction = WorkflowAction;

/**
 * A list item carries its status but not its whole workflow state (a pending waiver, who asked for it), nor
 * does the table know who may act where: it asks the state machine what an admin could do from each status,
 * with and without a waiver pending. That offers every action some selected app might take; the server
 * decides each app and its refusals are listed.
 */
const ANY_ADMIN = { userId: "bulk-offer", name: "bulk-offer", role: "admin", scopes: [], via: "session" } as const;
const SOMEONE_ELSES_REQUEST: WaiverRequest = { userId: "requester", name: "requester", atMs: 0, note: "", expiresMs: Number.MAX_SAFE_INTEGER };

const isStatus = (s: string | null): s is Status => STATUSES.some((x) => x === s);

export function possibleActions(statuses: readonly (string | null)[]): BulkAction[] {
  const offered = new Set<WorkflowAction>();
  for (const status of new Set(statuses)) {
    if (!isStatus(status)) continue;
    for (const waiverRequest of [null, SOMEONE_ELSES_REQUEST]) {
      const state = { ...initialState(), status, waiverRequest };
      for (const a of allowedActions(state, { actor: ANY_ADMIN, location: { foundation: "", orgGuid: "", spaceGuid: null }, nowMs: 0 })) offered.add(a);
    }
  }
  return WORKFLOW_ACTIONS.filter((a) => offered.has(a));
}
