import type { AutomaticAction, WorkflowAction } from "@/lib/migration/state-machine";

/** How actions read on buttons, in the timeline and in messages. */
export const ACTION_LABELS: Record<WorkflowAction | AutomaticAction, string> = {
  start_test: "Record a test push",
  verify: "Verify (test runs unprivileged)",
  needs_privilege: "Needs privilege",
  request_waiver: "Request a waiver",
  approve_waiver: "Approve the waiver",
  reject_waiver: "Reject the waiver",
  mark_restaged: "Mark restaged",
  reopen: "Reopen",
  detected: "Detected privileged",
  regressed: "Regression",
  migrated: "Migrated",
  waiver_expired: "Waiver expired",
};

export const actionLabel = (a: string): string => ACTION_LABELS[a as WorkflowAction] ?? a;
