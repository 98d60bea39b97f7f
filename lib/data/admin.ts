import "server-only";
import { ApiError } from "@/lib/api/errors";
import {
  assignOwner,
  createToken,
  createUser,
  deleteUser,
  hashToken,
  listOwners,
  listTokens,
  listUsers,
  removeOwner,
  revokeToken,
  setRole,
  type ChangeBy,
} from "@/lib/auth/accounts";
import { accountsDb } from "@/lib/auth/accounts-db";
import { importOwners, OwnerImportError, parseOwnerCsv } from "@/lib/auth/owner-import";
import { can, roleFor, type Action, type Actor, type Role } from "@/lib/auth/permissions";
import { readDb, sqliteDate } from "@/lib/db/sqlite";
import {
  AUDIT_PAGE_SIZE,
  type AuditEventDto,
  type AuditPageDto,
  type AuditQuery,
  type MintedTokenDto,
  type OwnerDto,
  type OwnerImportDto,
  type TokenDto,
  type UserDto,
} from "@/lib/schemas/admin";
import { accountCall } from "./users";

// The data behind /admin and /api/admin/*. Every function checks the actor's role itself: the route wrapper
// checks too, but a page or a future route that forgets must still get a 403, not the data.

function need(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw new ApiError(403, `this needs the ${roleFor(action)} role`);
}

const by = (actor: Actor, address: string | null): ChangeBy => ({ actor: actor.name, address });
const iso = (sqlite: string) => new Date(sqlite).toISOString();

function userEmail(id: string): string {
  const email = readDb().prepare(`SELECT email FROM User WHERE id = ?`).pluck().get(id) as string | undefined;
  if (email === undefined) throw new ApiError(404, "no user with this id");
  return email;
}

// --- users ------------------------------------------------------------------------------------------------

export function adminListUsers(actor: Actor): UserDto[] {
  need(actor, "manage_users");
  return listUsers(readDb()).map((u) => ({ ...u, createdAt: iso(u.createdAt) }));
}

export async function adminCreateUser(actor: Actor, address: string | null, input: { email: string; role: Role; password?: string }): Promise<UserDto> {
  need(actor, "manage_users");
  const u = await accountCall(() => createUser(accountsDb(), { email: input.email, role: input.role, password: input.password ?? null }, by(actor, address)));
  return { ...u, createdAt: iso(u.createdAt), password: input.password !== undefined, sso: false };
}

/** Nobody changes or deletes their own account here: an administrator cannot lock themselves out by a slip. */
function notSelf(actor: Actor, id: string, what: string): void {
  if (actor.userId === id) throw new ApiError(409, `you cannot ${what} your own account: ask another administrator`);
}

export async function adminSetRole(actor: Actor, address: string | null, id: string, role: Role): Promise<{ id: string; email: string; role: Role }> {
  need(actor, "manage_users");
  notSelf(actor, id, "change the role of");
  const u = await accountCall(() => setRole(accountsDb(), userEmail(id), role, by(actor, address)));
  return { id: u.id, email: u.email, role: u.role };
}

export async function adminDeleteUser(actor: Actor, address: string | null, id: string): Promise<{ id: string; email: string }> {
  need(actor, "manage_users");
  notSelf(actor, id, "delete");
  const email = userEmail(id);
  await accountCall(() => deleteUser(accountsDb(), email, by(actor, address)));
  return { id, email };
}

// --- owner assignments ------------------------------------------------------------------------------------

export function adminListOwners(actor: Actor): OwnerDto[] {
  need(actor, "manage_owners");
  return listOwners(readDb()).map((o) => ({
    id: String(o.id),
    email: o.email,
    foundation: o.foundation,
    org: { guid: o.orgGuid, name: o.orgName ?? o.orgGuid },
    space: o.spaceGuid === null ? null : { guid: o.spaceGuid, name: o.spaceName ?? o.spaceGuid },
    createdAt: iso(o.createdAt),
    createdBy: o.createdBy,
  }));
}

export async function adminAddOwner(
  actor: Actor,
  address: string | null,
  input: { email: string; foundation: string; org: string; space?: string | null },
): Promise<{ created: boolean; orgGuid: string; spaceGuid: string | null }> {
  need(actor, "manage_owners");
  return accountCall(() => assignOwner(accountsDb(), { ...input, space: input.space || null }, by(actor, address)));
}

export async function adminRemoveOwner(actor: Actor, address: string | null, id: string): Promise<{ id: string }> {
  need(actor, "manage_owners");
  await accountCall(() => removeOwner(accountsDb(), Number(id), by(actor, address)));
  return { id };
}

/** A CSV import, all or nothing: 422 with every line that cannot be applied, or the counts. */
export function adminImportOwners(actor: Actor, address: string | null, csv: string): OwnerImportDto {
  need(actor, "manage_owners");
  const parsed = parseOwnerCsv(csv);
  const refuse = (lines: { line: number; error: string }[]) =>
    new ApiError(422, `${lines.length} line${lines.length === 1 ? "" : "s"} cannot be imported: nothing was imported`, { lines });
  if (!parsed.ok) throw refuse(parsed.errors);
  try {
    return importOwners(accountsDb(), parsed.rows, by(actor, address));
  } catch (e) {
    if (e instanceof OwnerImportError) throw refuse(e.errors);
    throw e;
  }
}

// --- API tokens -------------------------------------------------------------------------------------------

export function adminListTokens(actor: Actor): TokenDto[] {
  need(actor, "manage_tokens");
  return listTokens(readDb()).map((t) => ({
    ...t,
    id: String(t.id),
    createdAt: iso(t.createdAt),
    lastUsedAt: t.lastUsedAt && iso(t.lastUsedAt),
    revokedAt: t.revokedAt && iso(t.revokedAt),
  }));
}

export async function adminMintToken(actor: Actor, address: string | null, input: { email: string; name: string }): Promise<MintedTokenDto> {
  need(actor, "manage_tokens");
  const db = accountsDb();
  const t = await accountCall(() => createToken(db, input.email, input.name, by(actor, address)));
  const row = db.prepare(`SELECT t.id, u.email FROM ApiToken t JOIN User u ON u.id = t.userId WHERE t.hash = ?`).get(hashToken(t.token)) as {
    id: number;
    email: string;
  };
  return { token: t.token, id: String(row.id), email: row.email, name: t.name, prefix: t.prefix };
}

export async function adminRevokeToken(actor: Actor, address: string | null, id: string): Promise<{ id: string }> {
  need(actor, "manage_tokens");
  const t = readDb().prepare(`SELECT u.email, t.name, t.revokedAt FROM ApiToken t JOIN User u ON u.id = t.userId WHERE t.id = ?`).get(Number(id)) as
    | { email: string; name: string; revokedAt: string | null }
    | undefined;
  if (!t) throw new ApiError(404, "no token with this id");
  if (t.revokedAt !== null) throw new ApiError(409, "this token is revoked already");
  await accountCall(() => revokeToken(accountsDb(), t.email, t.name, by(actor, address)));
  return { id };
}

// --- the audit log ----------------------------------------------------------------------------------------

/** The next day's start, for a `to` given as a day: that whole day is included. */
function bound(value: string, end: boolean): { op: string; at: string } {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dayOnly ? `${value}T00:00:00Z` : value);
  if (end && dayOnly) d.setUTCDate(d.getUTCDate() + 1);
  return { op: end ? (dayOnly ? "<" : "<=") : ">=", at: sqliteDate(d) };
}

/**
 * The WHERE clause of the audit filters. Each equality filter has an index on (column, at), so SQLite reads
 * the matching events newest first from it and stops after one page (EXPLAIN test in admin.test.ts).
 */
export function auditWhere(q: Omit<AuditQuery, "page">): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const col of ["action", "actor", "foundation"] as const) {
    if (q[col] !== undefined) {
      where.push(`${col} = ?`);
      params.push(q[col]);
    }
  }
  for (const [value, end] of [
    [q.from, false],
    [q.to, true],
  ] as const) {
    if (value === undefined) continue;
    const b = bound(value, end);
    where.push(`at ${b.op} ?`);
    params.push(b.at);
  }
  return { sql: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}

export const auditPageSql = (where: string) =>
  `SELECT id, at, actor, action, foundation, target, address, details FROM AuditEvent ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`;

export function adminAuditPage(actor: Actor, q: AuditQuery): AuditPageDto {
  need(actor, "view_audit");
  const db = readDb();
  const w = auditWhere(q);
  const total = db.prepare(`SELECT COUNT(*) FROM AuditEvent ${w.sql}`).pluck().get(...w.params) as number;
  const rows = db.prepare(auditPageSql(w.sql)).all(...w.params, AUDIT_PAGE_SIZE, (q.page - 1) * AUDIT_PAGE_SIZE) as (Omit<AuditEventDto, "id" | "details"> & {
    id: number;
    details: string | null;
  })[];
  return {
    items: rows.map((r): AuditEventDto => ({ ...r, id: String(r.id), at: iso(r.at), details: parseDetails(r.details) })),
    total,
    page: q.page,
    pageSize: AUDIT_PAGE_SIZE,
  };
}

function parseDetails(details: string | null): Record<string, unknown> {
  try {
    const d: unknown = JSON.parse(details ?? "{}");
    return d !== null && typeof d === "object" && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The actions the log holds, for the filter's choices: one index seek per distinct action (a skip scan written
 * out), not a pass over every event.
 */
export function adminAuditActions(actor: Actor): string[] {
  need(actor, "view_audit");
  return readDb()
    .prepare(
      `WITH RECURSIVE a(action) AS (
         SELECT MIN(action) FROM AuditEvent
         UNION ALL SELECT (SELECT MIN(action) FROM AuditEvent WHERE action > a.action) FROM a WHERE a.action IS NOT NULL
       ) SELECT action FROM a WHERE action IS NOT NULL`,
    )
    .pluck()
    .all() as string[];
}

