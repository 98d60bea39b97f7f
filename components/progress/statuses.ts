/** The statuses that still count as privileged apps remaining, bottom of the burndown's stack first. */
export const REMAINING_STATUSES = ["untriaged", "needs_privilege", "testing", "verified", "waived", "restaged"] as const;
export type Remaining = (typeof REMAINING_STATUSES)[number];
