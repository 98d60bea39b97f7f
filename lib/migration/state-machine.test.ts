import { describe, expect, it } from "vitest";
import type { Actor, AppLocation } from "@/lib/auth/permissions";
import {
  allowedActions,
  decide,
  effectiveStatus,
  expire,
  initialState,
  observe,
  STATUSES,
  WORKFLOW_ACTIONS,
  type ActionInput,
  type AppState,
  type Context,
  type Status,
  type WorkflowAction,
} from "./state-machine";

const HERE: AppLocation = { foundation: "prod", orgGuid: "org-a", spaceGuid: "space-1" };
const NOW = Date.parse("2026-11-29T12:00:00Z");
const DAY = 86_400_000;

const ADMIN: Actor = { userId: "u-admin", name: "admin@example.com", role: "admin", scopes: [], via: "session" };
const ADMIN_2: Actor = { userId: "u-admin-2", name: "admin2@example.com", role: "admin", scopes: [], via: "session" };
const OWNER: Actor = { userId: "u-owner", name: "owner@example.com", role: "owner", scopes: [{ foundation: "prod", orgGuid: "org-a", spaceGuid: null }], via: "session" };
const SPACE_OWNER: Actor = { ...OWNER, userId: "u-space", scopes: [{ foundation: "prod", orgGuid: "org-a", spaceGuid: "space-1" }] };
const OTHER_OWNER: Actor = { ...OWNER, userId: "u-other", scopes: [{ foundation: "prod", orgGuid: "org-b", spaceGuid: null }] };
const OTHER_SPACE: Actor = { ...OWNER, userId: "u-space-2", scopes: [{ foundation: "prod", orgGuid: "org-a", spaceGuid: "space-2" }] };
const VIEWER: Actor = { userId: "u-viewer", name: "viewer@example.com", role: "viewer", scopes: [], via: "session" };
const ANONYMOUS: Actor = { userId: null, name: "anonymous", role: "viewer", scopes: [], via: "anonymous" };
/** The system administrator of today's stub authentication: no user id, known by name. */
const LOCAL_ADMIN: Actor = { userId: null, name: "local-admin", role: "admin", scopes: [], via: "system" };

const ctx = (actor: Actor, nowMs = NOW): Context => ({ actor, location: HERE, nowMs });
const state = (status: Status | null, patch: Partial<AppState> = {}): AppState => ({ ...initialState(), status, ...patch });
const pending = (by: Actor = OWNER, expiresMs = NOW + 30 * DAY) => ({ userId: by.userId, name: by.name, atMs: NOW - DAY, note: "FUSE mount", expiresMs });

const INPUT: Record<WorkflowAction, ActionInput> = {
  start_test: { action: "start_test", testOrg: "sandbox", testSpace: "rootless", testApp: "sftp-test" },
  verify: { action: "verify", note: "runs fine" },
  needs_privilege: { action: "needs_privilege", note: "sshfs needs /dev/fuse" },
  request_waiver: { action: "request_waiver", note: "vendor fix in Q1", expiresMs: NOW + 60 * DAY },
  approve_waiver: { action: "approve_waiver", note: "ok until Q1" },
  reject_waiver: { action: "reject_waiver", note: "no" },
  mark_restaged: { action: "mark_restaged" },
  reopen: { action: "reopen", note: "try again" },
};

/** What an admin may do from each status, without and with a waiver request pending (written out, not derived). */
const ADMIN_CAN: Record<string, WorkflowAction[]> = {
  null: [],
  untriaged: ["start_test", "needs_privilege", "request_waiver", "mark_restaged"],
  testing: ["start_test", "verify", "needs_privilege", "request_waiver", "mark_restaged", "reopen"],
  verified: ["needs_privilege", "request_waiver", "mark_restaged", "reopen"],
  needs_privilege: ["start_test", "request_waiver", "reopen"],
  waived: ["request_waiver", "reopen"],
  restaged: ["needs_privilege", "reopen"],
  migrated: ["reopen"],
};
const ADMIN_ONLY: WorkflowAction[] = ["approve_waiver", "reject_waiver", "reopen"];
const withPending = (actions: WorkflowAction[], status: string) =>
  status === "null"
    ? []
    : WORKFLOW_ACTIONS.filter((a) => (a === "approve_waiver" || a === "reject_waiver" ? true : a !== "request_waiver" && actions.includes(a)));

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

const ROLES: { name: string; actor: Actor; may: (a: WorkflowAction) => boolean }[] = [
  { name: "admin", actor: ADMIN, may: () => true },
  { name: "owner of the org", actor: OWNER, may: (a) => !ADMIN_ONLY.includes(a) },
  { name: "owner of the space", actor: SPACE_OWNER, may: (a) => !ADMIN_ONLY.includes(a) },
  { name: "owner of another org", actor: OTHER_OWNER, may: () => false },
  { name: "owner of another space", actor: OTHER_SPACE, may: () => false },
  { name: "viewer", actor: VIEWER, may: () => false },
  { name: "anonymous", actor: ANONYMOUS, may: () => false },
];

describe("every action from every status, per role", () => {
  for (const status of ["null", ...STATUSES]) {
    for (const isPending of [false, true]) {
      if (status === "null" && isPending) continue;
      const s = state(status === "null" ? null : (status as Status), isPending ? { waiverRequest: pending(OTHER_SPACE) } : {});
      const byState = isPending ? withPending(ADMIN_CAN[status]!, status) : ADMIN_CAN[status]!;
      for (const role of ROLES) {
        it(`${role.name}, app ${status}${isPending ? " with a waiver request pending" : ""}`, () => {
          const mine = byState.filter(role.may);
          expect(allowedActions(s, ctx(role.actor))).toEqual(mine);
          for (const action of WORKFLOW_ACTIONS) {
            const d = decide(s, INPUT[action], ctx(role.actor));
            if (!role.may(action)) {
              expect(d.kind, action).toBe("forbidden");
            } else if (byState.includes(action)) {
              expect(d, action).toMatchObject({ kind: "ok", next: { status: TARGET[action](s.status!) }, event: { action, from: s.status, to: TARGET[action](s.status!) } });
            } else {
              expect(d, action).toEqual({ kind: "refused", message: expect.stringContaining(action), allowed: mine });
            }
          }
        });
      }
    }
  }
});

describe("actions", () => {
  it("records the test push on start_test, with the note trimmed", () => {
    const d = decide(state("untriaged"), { ...INPUT.start_test, note: "  copy pushed  " } as ActionInput, ctx(OWNER));
    expect(d).toMatchObject({
      kind: "ok",
      next: { status: "testing", test: { org: "sandbox", space: "rootless", app: "sftp-test" } },
      event: { note: "copy pushed", details: { testOrg: "sandbox", testSpace: "rootless", testApp: "sftp-test" }, atMs: NOW },
    });
  });

  it("keeps the status while a waiver is requested, and a second request waits for the first", () => {
    const d = decide(state("needs_privilege"), INPUT.request_waiver, ctx(OWNER));
    expect(d).toMatchObject({ kind: "ok", next: { status: "needs_privilege", waiverRequest: { userId: "u-owner", note: "vendor fix in Q1", expiresMs: NOW + 60 * DAY } } });
    expect(d).toMatchObject({ event: { action: "request_waiver", from: "needs_privilege", to: "needs_privilege", details: { expiresAt: "2027-01-28T12:00:00.000Z" } } });
    if (d.kind !== "ok") throw new Error("not ok");
    expect(decide(d.next, INPUT.request_waiver, ctx(ADMIN))).toMatchObject({ kind: "refused", message: expect.stringContaining("already pending") });
  });

  it("refuses a waiver that expires in the past or now (400)", () => {
    expect(decide(state("needs_privilege"), { ...INPUT.request_waiver, expiresMs: NOW } as ActionInput, ctx(OWNER))).toEqual({
      kind: "invalid",
      message: "a waiver's expiry must be in the future",
    });
  });

  it("never lets the requester approve their own waiver, admin or not; another admin may", () => {
    const mine = state("needs_privilege", { waiverRequest: pending(ADMIN) });
    expect(decide(mine, INPUT.approve_waiver, ctx(ADMIN))).toEqual({ kind: "forbidden", message: expect.stringContaining("other than the one who requested") });
    expect(allowedActions(mine, ctx(ADMIN))).not.toContain("approve_waiver");
    expect(allowedActions(mine, ctx(ADMIN))).toContain("reject_waiver");
    // the stub administrator has no user id: known by name
    const local = state("needs_privilege", { waiverRequest: pending(LOCAL_ADMIN) });
    expect(decide(local, INPUT.approve_waiver, ctx(LOCAL_ADMIN)).kind).toBe("forbidden");
    const d = decide(mine, INPUT.approve_waiver, ctx(ADMIN_2));
    expect(d).toMatchObject({
      kind: "ok",
      next: { status: "waived", statusBeforeWaiver: "needs_privilege", waiverExpiresMs: NOW + 30 * DAY, waiverRequest: null },
      event: { action: "approve_waiver", from: "needs_privilege", to: "waived", details: { requestedBy: "admin@example.com", reason: "FUSE mount" } },
    });
  });

  it("rejects a request: the status stays, the request goes", () => {
    const d = decide(state("testing", { waiverRequest: pending() }), INPUT.reject_waiver, ctx(ADMIN));
    expect(d).toMatchObject({ kind: "ok", next: { status: "testing", waiverRequest: null }, event: { from: "testing", to: "testing" } });
  });

  it("renews a waiver: approving a request on a waived app keeps the status the first waiver interrupted", () => {
    const waived = state("waived", { statusBeforeWaiver: "needs_privilege", waiverExpiresMs: NOW + 5 * DAY, waiverRequest: pending(OWNER, NOW + 90 * DAY) });
    const d = decide(waived, INPUT.approve_waiver, ctx(ADMIN));
    expect(d).toMatchObject({ kind: "ok", next: { status: "waived", statusBeforeWaiver: "needs_privilege", waiverExpiresMs: NOW + 90 * DAY } });
  });

  it("reopen clears the waiver and the lapse flag; any action clears the lapse flag", () => {
    const waived = state("waived", { statusBeforeWaiver: "testing", waiverExpiresMs: NOW + DAY });
    expect(decide(waived, INPUT.reopen, ctx(ADMIN))).toMatchObject({ kind: "ok", next: { status: "untriaged", statusBeforeWaiver: null, waiverExpiresMs: null } });
    expect(decide(state("testing", { waiverExpired: true }), INPUT.verify, ctx(OWNER))).toMatchObject({ kind: "ok", next: { waiverExpired: false } });
  });

  it("keeps the regression flag through people's actions", () => {
    expect(decide(state("untriaged", { regression: true }), INPUT.start_test, ctx(OWNER))).toMatchObject({ kind: "ok", next: { regression: true } });
  });
});

describe("waiver expiry", () => {
  const waived = state("waived", { statusBeforeWaiver: "needs_privilege", waiverExpiresMs: NOW + DAY });

  it("returns the app to the status the waiver interrupted, flagged, dated at the expiry", () => {
    expect(expire(waived, NOW)).toBeNull();
    expect(effectiveStatus(waived, NOW)).toBe("waived");
    const lapsed = expire(waived, NOW + DAY);
    expect(lapsed).toEqual({
      next: { ...waived, status: "needs_privilege", waiverExpired: true, statusBeforeWaiver: null, waiverExpiresMs: null },
      event: { action: "waiver_expired", from: "waived", to: "needs_privilege", note: "the waiver expired", details: null, atMs: NOW + DAY },
    });
    expect(effectiveStatus(waived, NOW + DAY)).toBe("needs_privilege");
  });

  it("keeps a renewal request pending through the expiry", () => {
    const lapsed = expire({ ...waived, waiverRequest: pending() }, NOW + 2 * DAY);
    expect(lapsed?.next).toMatchObject({ status: "needs_privilege", waiverRequest: pending() });
  });

  it("touches nothing but waived apps", () => {
    for (const s of STATUSES.filter((x) => x !== "waived")) expect(expire(state(s, { waiverExpiresMs: NOW - DAY }), NOW)).toBeNull();
  });
});

describe("what snapshots do", () => {
  const seen = (s: AppState, ...observations: ("privileged" | "unprivileged" | "absent")[]) =>
    observations.reduce((acc, o, i) => observe(acc, o, NOW + i)?.next ?? acc, s);

  it("detects a newly privileged app as untriaged, with the snapshot's capture time", () => {
    expect(observe(state(null), "privileged", NOW)).toEqual({
      next: state("untriaged"),
      event: { action: "detected", from: null, to: "untriaged", note: "runs privileged in the latest snapshot", details: null, atMs: NOW },
    });
    expect(observe(state(null), "unprivileged", NOW)).toBeNull();
  });

  it("migrates any app in the workflow that no longer runs privileged, clearing flags and a pending request", () => {
    for (const s of STATUSES.filter((x) => x !== "migrated")) {
      const tr = observe(state(s, { regression: true, waiverExpired: true, waiverRequest: pending() }), "unprivileged", NOW);
      expect(tr, s).toMatchObject({ next: { status: "migrated", regression: false, waiverExpired: false, waiverRequest: null }, event: { action: "migrated", from: s } });
    }
    expect(observe(state("migrated"), "unprivileged", NOW)).toBeNull();
  });

  it("flags a migrated app seen privileged again as a regression, back to untriaged", () => {
    expect(observe(state("migrated"), "privileged", NOW)).toMatchObject({ next: { status: "untriaged", regression: true }, event: { action: "regressed" } });
  });

  it("leaves every other status alone while the app runs privileged", () => {
    for (const s of STATUSES.filter((x) => x !== "migrated")) expect(observe(state(s), "privileged", NOW), s).toBeNull();
  });

  it("never changes anything for absence, whatever the status", () => {
    for (const s of [null, ...STATUSES]) expect(observe(state(s, { regression: true }), "absent", NOW)).toBeNull();
  });

  it("keeps the status of an app stopped and started again still privileged", () => {
    for (const s of ["testing", "verified", "needs_privilege", "waived", "restaged"] as const) expect(seen(state(s), "absent", "absent", "privileged").status).toBe(s);
  });

  it("migrates an absent app that returns unprivileged; a migrated one that returns privileged regresses", () => {
    expect(seen(state("restaged"), "absent", "unprivileged").status).toBe("migrated");
    expect(seen(state("untriaged"), "absent", "unprivileged").status).toBe("migrated");
    expect(seen(state("migrated"), "absent", "privileged")).toMatchObject({ status: "untriaged", regression: true });
    expect(seen(state("migrated"), "absent", "unprivileged").status).toBe("migrated");
  });

  it("follows a whole life: detected, tested, verified, restaged, migrated, regressed, migrated again", () => {
    let s = seen(state(null), "privileged");
    for (const a of ["start_test", "verify", "mark_restaged"] as const) {
      const d = decide(s, INPUT[a], ctx(OWNER));
      if (d.kind !== "ok") throw new Error(d.message);
      s = d.next;
    }
    expect(s.status).toBe("restaged");
    s = seen(s, "privileged", "unprivileged");
    expect(s).toMatchObject({ status: "migrated", regression: false });
    s = seen(s, "privileged");
    expect(s).toMatchObject({ status: "untriaged", regression: true });
    expect(seen(s, "unprivileged")).toMatchObject({ status: "migrated", regression: false });
  });
});
