/**
 * Who may do what (product.md "Users"): the one role × scope × action table. Pure: the route wrapper, the
 * data layer, the migration state machine and the pages all ask it, so a rule is written once.
 */
export const ROLES = ["admin", "owner", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** An owner assignment: an org, or one space of it, on one foundation (guids, as the dumps name them). */
export interface OwnerScope {
  foundation: string;
  orgGuid: string;
  /** null: the whole org */
  spaceGuid: string | null;
}

export interface Actor {
  /** the user's id; null for the system (ingest, the admin command line) and anonymous callers */
  userId: string | null;
  /** shown in event timelines and the audit log: the user's email, or e.g. "snapshot 42" */
  name: string;
  role: Role;
  /** an owner's assignments; empty for admins and viewers (admins act everywhere) */
  scopes: readonly OwnerScope[];
  /** how the caller proved who they are */
  via: "session" | "token" | "system" | "anonymous";
}

/** Where an app lives, as far as scope checks are concerned. */
export interface AppLocation {
  foundation: string;
  orgGuid: string | null;
  spaceGuid: string | null;
}

/**
 * What can be done. `read` covers every page and GET; `act` is a workflow action on one app (the state
 * machine decides which actions an app's status allows, this table who may take them).
 */
export const ACTIONS = ["read", "export", "act", "upload", "delete", "approve_waiver", "reopen", "manage_users", "manage_owners", "manage_tokens", "view_audit"] as const;
export type Action = (typeof ACTIONS)[number];

type Rule = "signed_in" | "admin" | "owner_in_scope";

const RULES: Record<Action, Rule> = {
  read: "signed_in",
  export: "signed_in",
  act: "owner_in_scope",
  upload: "admin",
  delete: "admin",
  approve_waiver: "admin",
  reopen: "admin",
  manage_users: "admin",
  manage_owners: "admin",
  manage_tokens: "admin",
  view_audit: "admin",
};

/** Whether an owner's assignments cover the app: its org, or its space when the assignment names one. */
export function inScope(scopes: readonly OwnerScope[], app: AppLocation): boolean {
  if (app.orgGuid === null) return false;
  return scopes.some(
    (s) => s.foundation === app.foundation && s.orgGuid === app.orgGuid && (s.spaceGuid === null || s.spaceGuid === app.spaceGuid),
  );
}

/**
 * Whether the actor may take the action. `act` needs the app's location: admins act on every app, owners on
 * apps in their scope, viewers on none.
 */
export function can(actor: Actor, action: Action, app?: AppLocation): boolean {
  if (actor.via === "anonymous") return false;
  switch (RULES[action]) {
    case "signed_in":
      return true;
    case "admin":
      return actor.role === "admin";
    case "owner_in_scope":
      if (actor.role === "admin") return true;
      return actor.role === "owner" && app !== undefined && inScope(actor.scopes, app);
  }
}

/** The least role an action needs, for messages ("this needs the admin role"). */
export function roleFor(action: Action): Role {
  const rule = RULES[action];
  return rule === "admin" ? "admin" : rule === "owner_in_scope" ? "owner" : "viewer";
}
