// Users, API tokens and owner assignments on a raw SQLite connection: the one implementation behind the
// admin command line (scripts/admin.mjs, compiled without Next), /setup and /admin. Every change writes its
// audit event in the same transaction. No "server-only" import: the command line runs it outside Next.
import { hashPassword } from "better-auth/crypto";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { audit } from "../db/audit";
import { sqliteDate, type Sqlite } from "../db/sqlite";
import { ROLES, type OwnerScope, type Role } from "./permissions";

/** What a request to change accounts was refused for; the caller maps it to 400/404/409. */
export class AccountError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found" | "conflict",
    message: string,
  ) {
    super(message);
    this.name = "AccountError";
  }
}

/** Who asks for a change, for the audit log. */
export interface ChangeBy {
  actor: string;
  address?: string | null;
}

export const MIN_PASSWORD_LENGTH = 12;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** Tokens read `rr_` + 43 base64url characters (32 random bytes); lists show the first 10. */
const TOKEN_PREFIX = "rr_";
const TOKEN_DISPLAY = 10;

export function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e) || e.length > 254) throw new AccountError("invalid", "not an email address");
  return e;
}

export function parseRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new AccountError("invalid", `role must be one of ${ROLES.join(", ")}`);
  return role as Role;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

export function userCount(db: Sqlite): number {
  return db.prepare(`SELECT COUNT(*) FROM User`).pluck().get() as number;
}

function userByEmail(db: Sqlite, email: string): UserRow {
  const u = db.prepare(`SELECT id, email, name, role, createdAt FROM User WHERE email = ?`).get(normalizeEmail(email)) as UserRow | undefined;
  if (!u) throw new AccountError("not_found", "no user with this email");
  return u;
}

export interface NewUser {
  email: string;
  role: Role;
  /** null: the user signs in through UAA only */
  password: string | null;
  name?: string;
}

/** Creates a user (and its password credential, hashed as better-auth does: scrypt). */
export async function createUser(db: Sqlite, u: NewUser, by: ChangeBy, opts: { onlyIfNoUsers?: boolean } = {}): Promise<UserRow> {
  const email = normalizeEmail(u.email);
  const role = parseRole(u.role);
  if (u.password !== null && u.password.length < MIN_PASSWORD_LENGTH)
    throw new AccountError("invalid", `the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  // hashing is slow on purpose: do it before the write transaction
  const hash = u.password === null ? null : await hashPassword(u.password);
  const now = sqliteDate(new Date());
  const id = randomUUID();
  return db
    .transaction(() => {
      if (opts.onlyIfNoUsers && userCount(db) > 0) throw new AccountError("conflict", "setup is done: an administrator exists");
      if (db.prepare(`SELECT 1 FROM User WHERE email = ?`).get(email)) throw new AccountError("conflict", "a user with this email exists");
      const name = u.name?.trim() || email;
      db.prepare(`INSERT INTO User (id, name, email, emailVerified, role, createdAt, updatedAt) VALUES (?, ?, ?, 0, ?, ?, ?)`).run(id, name, email, role, now, now);
      if (hash !== null)
        db.prepare(`INSERT INTO Account (id, accountId, providerId, userId, password, createdAt, updatedAt) VALUES (?, ?, 'credential', ?, ?, ?, ?)`).run(
          randomUUID(), id, id, hash, now, now,
        );
      audit(db, { actor: by.actor, action: "user.create", target: `user ${email}`, address: by.address, details: { role } });
      return { id, email, name, role, createdAt: now };
    })
    .immediate();
}

export function setRole(db: Sqlite, email: string, role: Role, by: ChangeBy): UserRow {
  return db
    .transaction(() => {
      const u = userByEmail(db, email);
      const next = parseRole(role);
      if (u.role === "admin" && next !== "admin" && adminCount(db) === 1) throw new AccountError("conflict", "the last administrator cannot lose the admin role");
      db.prepare(`UPDATE User SET role = ?, updatedAt = ? WHERE id = ?`).run(next, sqliteDate(new Date()), u.id);
      audit(db, { actor: by.actor, action: "user.role", target: `user ${u.email}`, address: by.address, details: { from: u.role, to: next } });
      return { ...u, role: next };
    })
    .immediate();
}

/** Deletes a user with their sessions, tokens and assignments: every way they had in ends at once. */
export function deleteUser(db: Sqlite, email: string, by: ChangeBy): void {
  db.transaction(() => {
    const u = userByEmail(db, email);
    if (u.role === "admin" && adminCount(db) === 1) throw new AccountError("conflict", "the last administrator cannot be deleted");
    db.prepare(`DELETE FROM User WHERE id = ?`).run(u.id);
    audit(db, { actor: by.actor, action: "user.delete", target: `user ${u.email}`, address: by.address, details: { role: u.role } });
  }).immediate();
}

const adminCount = (db: Sqlite) => db.prepare(`SELECT COUNT(*) FROM User WHERE role = 'admin'`).pluck().get() as number;

export function listUsers(db: Sqlite): (UserRow & { password: boolean; sso: boolean })[] {
  return (
    db
      .prepare(
        `SELECT u.id, u.email, u.name, u.role, u.createdAt,
           EXISTS (SELECT 1 FROM Account a WHERE a.userId = u.id AND a.providerId = 'credential') AS password,
           EXISTS (SELECT 1 FROM Account a WHERE a.userId = u.id AND a.providerId <> 'credential') AS sso
         FROM User u ORDER BY u.email`,
      )
      .all() as (UserRow & { password: number; sso: number })[]
  ).map((u) => ({ ...u, password: !!u.password, sso: !!u.sso }));
}

export interface MintedToken {
  token: string;
  prefix: string;
  name: string;
}

/** Mints an API token for a user. Only its SHA-256 is stored: the token is in the return value and nowhere else. */
export function createToken(db: Sqlite, email: string, name: string, by: ChangeBy): MintedToken {
  const label = name.trim();
  if (!label || label.length > 100 || /[\u0000-\u001f\u007f]/.test(label)) throw new AccountError("invalid", "a token name is 1–100 printable characters");
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, TOKEN_DISPLAY);
  return db
    .transaction(() => {
      const u = userByEmail(db, email);
      if (db.prepare(`SELECT 1 FROM ApiToken WHERE userId = ? AND name = ? AND revokedAt IS NULL`).get(u.id, label))
        throw new AccountError("conflict", "this user has an active token with this name: revoke it first");
      db.prepare(`INSERT INTO ApiToken (userId, name, prefix, hash, createdAt, createdBy) VALUES (?, ?, ?, ?, ?, ?)`).run(
        u.id, label, prefix, hashToken(token), sqliteDate(new Date()), by.actor,
      );
      audit(db, { actor: by.actor, action: "token.create", target: `token ${label} of ${u.email}`, address: by.address, details: { prefix } });
      return { token, prefix, name: label };
    })
    .immediate();
}

/** Revokes a user's active token by name; it stops working with the next request. */
export function revokeToken(db: Sqlite, email: string, name: string, by: ChangeBy): void {
  db.transaction(() => {
    const u = userByEmail(db, email);
    const r = db.prepare(`UPDATE ApiToken SET revokedAt = ? WHERE userId = ? AND name = ? AND revokedAt IS NULL`).run(sqliteDate(new Date()), u.id, name.trim());
    if (r.changes === 0) throw new AccountError("not_found", "this user has no active token with this name");
    audit(db, { actor: by.actor, action: "token.revoke", target: `token ${name.trim()} of ${u.email}`, address: by.address });
  }).immediate();
}

export interface TokenRow {
  id: number;
  email: string;
  name: string;
  prefix: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function listTokens(db: Sqlite): TokenRow[] {
  return db
    .prepare(
      `SELECT t.id, u.email, t.name, t.prefix, t.createdAt, t.createdBy, t.lastUsedAt, t.revokedAt
       FROM ApiToken t JOIN User u ON u.id = t.userId ORDER BY t.revokedAt IS NOT NULL, u.email, t.name`,
    )
    .all() as TokenRow[];
}

/** The user behind an active token, or null. Marks it used (at most once a minute: a cron job polls often). */
export function userForToken(db: Sqlite, token: string, opts: { markUsed?: boolean } = {}): UserRow | null {
  const row = db
    .prepare(
      `SELECT u.id, u.email, u.name, u.role, u.createdAt, t.id AS tokenId, t.lastUsedAt FROM ApiToken t JOIN User u ON u.id = t.userId
       WHERE t.hash = ? AND t.revokedAt IS NULL`,
    )
    .get(hashToken(token)) as (UserRow & { tokenId: number; lastUsedAt: string | null }) | undefined;
  if (!row) return null;
  const now = new Date();
  if (opts.markUsed !== false && (row.lastUsedAt === null || now.getTime() - Date.parse(row.lastUsedAt) > 60_000))
    db.prepare(`UPDATE ApiToken SET lastUsedAt = ? WHERE id = ?`).run(sqliteDate(now), row.tokenId);
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.createdAt };
}

/** An owner's assignments, by foundation name, for the actor. */
export function scopesOf(db: Sqlite, userId: string): OwnerScope[] {
  return (
    db
      .prepare(`SELECT f.name AS foundation, o.orgGuid, o.spaceGuid FROM OwnerAssignment o JOIN Foundation f ON f.id = o.foundationId WHERE o.userId = ?`)
      .all(userId) as { foundation: string; orgGuid: string; spaceGuid: string }[]
  ).map((s) => ({ foundation: s.foundation, orgGuid: s.orgGuid, spaceGuid: s.spaceGuid || null }));
}

export interface OwnerAssignmentInput {
  email: string;
  foundation: string;
  /** a guid or an exact name */
  org: string;
  space?: string | null;
}

export interface OwnerAssignmentRow {
  id: number;
  email: string;
  foundation: string;
  orgGuid: string;
  orgName: string | null;
  spaceGuid: string | null;
  spaceName: string | null;
  createdAt: string;
  createdBy: string;
}

/**
 * Resolves an org (and space) given as a guid or an exact name against the foundation's latest snapshot:
 * guids stay valid when names change, and a name must pick exactly one org.
 */
function resolveScope(db: Sqlite, foundation: string, org: string, space: string | null): { foundationId: number; orgGuid: string; spaceGuid: string } {
  const f = db
    .prepare(`SELECT f.id, (SELECT MAX(capturedMs) FROM Snapshot s WHERE s.foundationId = f.id) AS latest FROM Foundation f WHERE f.name = ?`)
    .get(foundation) as { id: number; latest: number | null } | undefined;
  if (!f) throw new AccountError("not_found", "no foundation with this name");
  if (f.latest === null) throw new AccountError("not_found", "this foundation has no snapshot yet");
  const present = `SELECT DISTINCT s.orgGuid, s.spaceGuid FROM AppSpan s WHERE s.foundationId = @f AND s.fromMs <= @t AND s.toMs >= @t AND s.orgGuid IS NOT NULL`;
  const orgs = db
    .prepare(`SELECT DISTINCT p.orgGuid AS guid FROM (${present}) p LEFT JOIN Org o ON o.foundationId = @f AND o.guid = p.orgGuid WHERE p.orgGuid = @org OR o.name = @org`)
    .all({ f: f.id, t: f.latest, org }) as { guid: string }[];
  if (orgs.length === 0) throw new AccountError("not_found", "no org with this guid or name in the foundation's latest snapshot");
  if (orgs.length > 1) throw new AccountError("conflict", `${orgs.length} orgs have this name: give the org's guid (${orgs.map((o) => o.guid).join(", ")})`);
  const orgGuid = orgs[0]!.guid;
  if (space === null || space === "") return { foundationId: f.id, orgGuid, spaceGuid: "" };
  const spaces = db
    .prepare(
      `SELECT DISTINCT p.spaceGuid AS guid FROM (${present}) p LEFT JOIN Space sp ON sp.foundationId = @f AND sp.guid = p.spaceGuid
       WHERE p.orgGuid = @org AND (p.spaceGuid = @space OR sp.name = @space)`,
    )
    .all({ f: f.id, t: f.latest, org: orgGuid, space }) as { guid: string }[];
  if (spaces.length === 0) throw new AccountError("not_found", "no space with this guid or name in that org in the latest snapshot");
  if (spaces.length > 1) throw new AccountError("conflict", `${spaces.length} spaces have this name: give the space's guid`);
  return { foundationId: f.id, orgGuid, spaceGuid: spaces[0]!.guid };
}

/** Makes a user owner of an org (or a space of it). Idempotent: an existing assignment is kept. */
export function assignOwner(db: Sqlite, a: OwnerAssignmentInput, by: ChangeBy): { created: boolean; orgGuid: string; spaceGuid: string | null } {
  return db
    .transaction(() => {
      const u = userByEmail(db, a.email);
      const s = resolveScope(db, a.foundation, a.org.trim(), a.space?.trim() ?? null);
      const r = db
        .prepare(`INSERT INTO OwnerAssignment (userId, foundationId, orgGuid, spaceGuid, createdAt, createdBy) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
        .run(u.id, s.foundationId, s.orgGuid, s.spaceGuid, sqliteDate(new Date()), by.actor);
      if (r.changes > 0) {
        if (u.role === "viewer") db.prepare(`UPDATE User SET role = 'owner', updatedAt = ? WHERE id = ?`).run(sqliteDate(new Date()), u.id);
        audit(db, {
          actor: by.actor,
          action: "owner.assign",
          foundation: a.foundation,
          target: `user ${u.email}`,
          address: by.address,
          details: { orgGuid: s.orgGuid, spaceGuid: s.spaceGuid || null, ...(u.role === "viewer" ? { role: { from: "viewer", to: "owner" } } : {}) },
        });
      }
      return { created: r.changes > 0, orgGuid: s.orgGuid, spaceGuid: s.spaceGuid || null };
    })
    .immediate();
}

export function removeOwner(db: Sqlite, id: number, by: ChangeBy): void {
  db.transaction(() => {
    const row = db
      .prepare(`SELECT o.id, u.email, f.name AS foundation, o.orgGuid, o.spaceGuid FROM OwnerAssignment o JOIN User u ON u.id = o.userId JOIN Foundation f ON f.id = o.foundationId WHERE o.id = ?`)
      .get(id) as { email: string; foundation: string; orgGuid: string; spaceGuid: string } | undefined;
    if (!row) throw new AccountError("not_found", "no such owner assignment");
    db.prepare(`DELETE FROM OwnerAssignment WHERE id = ?`).run(id);
    audit(db, {
      actor: by.actor,
      action: "owner.remove",
      foundation: row.foundation,
      target: `user ${row.email}`,
      address: by.address,
      details: { orgGuid: row.orgGuid, spaceGuid: row.spaceGuid || null },
    });
  }).immediate();
}

export function listOwners(db: Sqlite): OwnerAssignmentRow[] {
  return (
    db
      .prepare(
        `SELECT o.id, u.email, f.name AS foundation, o.orgGuid, org.name AS orgName, o.spaceGuid, sp.name AS spaceName, o.createdAt, o.createdBy
         FROM OwnerAssignment o JOIN User u ON u.id = o.userId JOIN Foundation f ON f.id = o.foundationId
         LEFT JOIN Org org ON org.foundationId = o.foundationId AND org.guid = o.orgGuid
         LEFT JOIN Space sp ON sp.foundationId = o.foundationId AND sp.guid = o.spaceGuid
         ORDER BY f.name, orgName, u.email`,
      )
      .all() as (Omit<OwnerAssignmentRow, "spaceGuid"> & { spaceGuid: string })[]
  ).map((r) => ({ ...r, spaceGuid: r.spaceGuid || null }));
}
