// Pure: imported by the server and by the writer worker (relative imports only, compiled to CommonJS there).
import { can, type Action, type Actor, type AppLocation } from "../auth/permissions";

/**
 * The migration workflow of one app (product.md "Migration status"): every transition people and snapshots
 * make, and who may make it. Pure: the caller writes the state it returns and the event it describes in one
 * transaction. Presence is not a status: an absent app (stopped or deleted) keeps whatever status it had.
 */
export const STATUSES = ["untriaged", "testing", "verified", "needs_privilege", "waived", "restaged", "migrated"] as const;
export type Status = (typeof STATUSES)[number];

/** What people do, exactly as `POST /api/foundations/{f}/apps/{guid}/events` takes it. */
export const WORKFLOW_ACTIONS = ["start_test", "verify", "needs_privilege", "request_waiver", "approve_waiver", "reject_waiver", "mark_restaged", "reopen"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/** What snapshots and the clock do; events carry these as their action. */
export type AutomaticAction = "detected" | "regressed" | "migrated" | "waiver_expired";

export interface WaiverRequest {
  userId: string | null;
  name: string;
  atMs: number;
  note: string;
  expiresMs: number;
}

export interface AppState {
  /** null while the app was never seen privileged: nothing to migrate */
  status: Status | null;
  /** a migrated app seen privileged again; cleared when it is migrated again */
  regression: boolean;
  /** a waiver lapsed; cleared by the next thing anyone does to the app, or its migration */
  waiverExpired: boolean;
  /** the status a waived app returns to when its waiver expires */
  statusBeforeWaiver: Status | null;
  /** expiry of the approved waiver (status `waived`) */
  waiverExpiresMs: number | null;
  /** a waiver asked for and not yet decided; the status does not change meanwhile */
  waiverRequest: WaiverRequest | null;
  /** the test push recorded by start_test */
  test: { org: string; space: string; app: string } | null;
}

export const initialState = (): AppState => ({
  status: null,
  regression: false,
  waiverExpired: false,
  statusBeforeWaiver: null,
  waiverExpiresMs: null,
  waiverRequest: null,
  test: null,
});

/** An action with the inputs it needs (lib/schemas/app-event.ts parses requests into this). */
export type ActionInput =
  | { action: "start_test"; testOrg: string; testSpace: string; testApp: string; note?: string }
  | { action: "needs_privilege"; note: string }
  | { action: "request_waiver"; note: string; expiresMs: number }
  | { action: "verify" | "approve_waiver" | "reject_waiver" | "mark_restaged" | "reopen"; note?: string };

export interface EventDraft {
  action: WorkflowAction | AutomaticAction;
  from: Status | null;
  to: Status | null;
  note: string | null;
  details: Record<string, unknown> | null;
  /** when it happened, epoch ms */
  atMs: number;
}

export type Decision =
  | { kind: "ok"; next: AppState; event: EventDraft }
  /** outside the actor's role or scope */
  | { kind: "forbidden"; message: string }
  /** the app's state does not allow the action now; `allowed` is what this actor may do instead */
  | { kind: "refused"; message: string; allowed: WorkflowAction[] }
  /** an input the state machine cannot take (a waiver expiring in the past) */
  | { kind: "invalid"; message: string };

interface Rule {
  /** the statuses the action starts from */
  from: readonly Status[];
  /** lib/auth/permissions.ts action that decides who may */
  who: Action;
  /** whether it needs a waiver request pending (true) or none pending (false); undefined: either */
  pending?: boolean;
}

const ANY: readonly Status[] = STATUSES;

/** The one table of which action starts from which status, and whose it is. */
const RULES: Record<WorkflowAction, Rule> = {
  start_test: { from: ["untriaged", "testing", "needs_privilege"], who: "act" },
  verify: { from: ["testing"], who: "act" },
  // a test push, or the restaged app itself, failed without privilege
  needs_privilege: { from: ["untriaged", "testing", "verified", "restaged"], who: "act" },
  // from `waived`: a renewal before the waiver lapses
  request_waiver: { from: ["untriaged", "testing", "verified", "needs_privilege", "waived"], who: "act", pending: false },
  approve_waiver: { from: ANY, who: "approve_waiver", pending: true },
  reject_waiver: { from: ANY, who: "approve_waiver", pending: true },
  mark_restaged: { from: ["untriaged", "testing", "verified"], who: "act" },
  reopen: { from: ["testing", "verified", "needs_privilege", "waived", "restaged", "migrated"], who: "reopen" },
};

/** Where each action leads; request and reject leave the status alone. */
const TARGET: Record<WorkflowAction, (s: Status) => Status> = {
  start_test: () => "testing",
  verify: () => "verified",
  needs_privilege: () => "needs_privilege",
  request_waiver: (s) => s,
  approve_waiver: () => "waived",
  reject_waiver: (s) => s,
  mark_restaged: () => "restaged",
  reopen: () => "untriaged",
};

export interface Context {
  actor: Actor;
  /** the app's org and space in the latest snapshot that has it */
  location: AppLocation;
  nowMs: number;
}

const sameUser = (a: Actor, r: WaiverRequest) => (a.userId !== null || r.userId !== null ? a.userId === r.userId : a.name === r.name);

/** Why the actor may not take the action at all (role or scope), or null; the requester rule needs the state. */
function forbidden(state: AppState, action: WorkflowAction, ctx: Context): string | null {
  const who = RULES[action].who;
  if (!can(ctx.actor, "act", ctx.location)) {
    return ctx.actor.role === "viewer" ? "viewers cannot act on apps" : "this app is outside your assigned orgs and spaces";
  }
  if (who !== "act" && !can(ctx.actor, who)) return `only an admin can ${action.replace("_", " ")}`;
  if (action === "approve_waiver" && state.waiverRequest && sameUser(ctx.actor, state.waiverRequest)) {
    return "a waiver is approved by an admin other than the one who requested it";
  }
  return null;
}

/** Whether the app's state lets the action start (regardless of who asks). */
function startsFrom(state: AppState, action: WorkflowAction): boolean {
  const rule = RULES[action];
  if (state.status === null || !rule.from.includes(state.status)) return false;
  if (rule.pending !== undefined && rule.pending !== (state.waiverRequest !== null)) return false;
  return true;
}

/** The actions this actor may take on the app now: what the app page offers, and a 409's `allowed`. */
export function allowedActions(state: AppState, ctx: Context): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((a) => startsFrom(state, a) && forbidden(state, a, ctx) === null);
}

function refusal(state: AppState, action: WorkflowAction): string {
  const rule = RULES[action];
  if (state.status !== null && rule.from.includes(state.status)) {
    return rule.pending ? "no waiver request is pending" : "a waiver request is already pending";
  }
  return `not allowed while the app is ${state.status ?? "never seen privileged"}`;
}

/**
 * Decides one person's action. Who may comes first (403: role or scope, and never approving one's own
 * request), then what the app's state allows (409, with what this actor may do instead), then the inputs the
 * state machine judges (400).
 */
export function decide(state: AppState, input: ActionInput, ctx: Context): Decision {
  const { action } = input;
  const authorised = can(ctx.actor, "act", ctx.location) && (RULES[action].who === "act" || can(ctx.actor, RULES[action].who));
  if (!authorised) return { kind: "forbidden", message: forbidden(state, action, ctx)! };
  if (!startsFrom(state, action)) return { kind: "refused", message: `${action}: ${refusal(state, action)}`, allowed: allowedActions(state, ctx) };
  const why = forbidden(state, action, ctx);
  if (why) return { kind: "forbidden", message: why };
  if (input.action === "request_waiver" && input.expiresMs <= ctx.nowMs) return { kind: "invalid", message: "a waiver's expiry must be in the future" };

  const from = state.status!;
  const to = TARGET[action](from);
  const note = input.note?.trim() ? input.note.trim() : null;
  // anyone acting on the app has seen that its waiver lapsed
  const next: AppState = { ...state, status: to, waiverExpired: false };
  let details: Record<string, unknown> | null = null;
  switch (input.action) {
    case "start_test":
      next.test = { org: input.testOrg, space: input.testSpace, app: input.testApp };
      details = { testOrg: input.testOrg, testSpace: input.testSpace, testApp: input.testApp };
      break;
    case "request_waiver":
      next.waiverRequest = { userId: ctx.actor.userId, name: ctx.actor.name, atMs: ctx.nowMs, note: note!, expiresMs: input.expiresMs };
      details = { expiresAt: new Date(input.expiresMs).toISOString() };
      break;
    case "approve_waiver": {
      const r = state.waiverRequest!;
      // a renewal keeps the status the first waiver interrupted
      next.statusBeforeWaiver = from === "waived" ? state.statusBeforeWaiver : from;
      next.waiverExpiresMs = r.expiresMs;
      next.waiverRequest = null;
      details = { expiresAt: new Date(r.expiresMs).toISOString(), requestedBy: r.name, reason: r.note };
      break;
    }
    case "reject_waiver":
      details = { requestedBy: state.waiverRequest!.name };
      next.waiverRequest = null;
      break;
    case "reopen":
      Object.assign(next, { statusBeforeWaiver: null, waiverExpiresMs: null, waiverRequest: null });
      break;
    default:
      break;
  }
  if (to !== "waived") Object.assign(next, { statusBeforeWaiver: null, waiverExpiresMs: null });
  return { kind: "ok", next, event: { action, from, to, note, details, atMs: ctx.nowMs } };
}

/** What a newly published latest snapshot shows of an app. */
export type Observation = "privileged" | "unprivileged" | "absent";

/**
 * A snapshot's transitions, for the snapshot that became the latest (captured at `atMs`); a back-filled
 * older snapshot is never observed, so it cannot undo newer facts. Absence changes nothing: a stopped app has
 * no desired LRP, and it returns with a new LRP carrying the platform's flag of the day, so an absent app
 * that comes back unprivileged is migrated. A migrated app seen privileged again is a regression (CC copies
 * the platform flag into every new LRP: a flag flipped back on re-privileges an app at its next restart).
 */
export function observe(state: AppState, seen: Observation, atMs: number): { next: AppState; event: EventDraft } | null {
  const { status } = state;
  const step = (to: Status, action: AutomaticAction, note: string, patch: Partial<AppState> = {}) => ({
    next: { ...state, ...patch, status: to },
    event: { action, from: status, to, note, details: null, atMs },
  });
  if (seen === "absent") return null;
  if (seen === "privileged") {
    if (status === null) return step("untriaged", "detected", "runs privileged in the latest snapshot");
    if (status === "migrated") return step("untriaged", "regressed", "was migrated, runs privileged again", { regression: true });
    return null;
  }
  if (status === null || status === "migrated") return null;
  return step("migrated", "migrated", "no privileged LRP in the latest snapshot", {
    regression: false,
    waiverExpired: false,
    waiverRequest: null,
    statusBeforeWaiver: null,
    waiverExpiresMs: null,
  });
}

/** A waiver past its expiry: the app returns to the status the waiver interrupted, flagged. */
export function expire(state: AppState, nowMs: number): { next: AppState; event: EventDraft } | null {
  if (state.status !== "waived" || state.waiverExpiresMs === null || state.waiverExpiresMs > nowMs) return null;
  const to = state.statusBeforeWaiver ?? "untriaged";
  return {
    next: { ...state, status: to, waiverExpired: true, statusBeforeWaiver: null, waiverExpiresMs: null },
    event: { action: "waiver_expired", from: "waived", to, note: "the waiver expired", details: null, atMs: state.waiverExpiresMs },
  };
}

/** The status an app shows at `nowMs`: a lapsed waiver no longer counts even before a sweep records its expiry. */
export const effectiveStatus = (state: Pick<AppState, "status" | "waiverExpiresMs" | "statusBeforeWaiver">, nowMs: number): Status | null =>
  state.status === "waived" && state.waiverExpiresMs !== null && state.waiverExpiresMs <= nowMs ? (state.statusBeforeWaiver ?? "untriaged") : state.status;

/**
 * Replays a recorded event (a person's, or a waiver's expiry) onto a state when a deleted snapshot's
 * consequences are recomputed: its target status stands, the regression flag follows the usual rule.
 */
export function replayRecorded(state: AppState, to: Status | null): AppState {
  if (to === null) return state;
  return { ...state, status: to, regression: to === "migrated" ? false : state.regression };
}
