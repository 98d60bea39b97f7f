import "server-only";
import { ApiError } from "@/lib/api/errors";
import { openSqlite, readDb, type Sqlite } from "@/lib/db/sqlite";
import { scopesOf, userForToken, type UserRow } from "./accounts";
import type { Actor, Role } from "./permissions";

export type { Actor, Role } from "./permissions";

const g = globalThis as unknown as { __tokenUse?: Sqlite };

/**
 * Notes a token's use on a connection that never waits: if an upload holds the write lock the note is
 * skipped (the next use records it) rather than stalling the request thread behind the publish.
 */
function tokenUseDb(): Sqlite {
  if (!g.__tokenUse) {
    g.__tokenUse = openSqlite();
    g.__tokenUse.pragma("busy_timeout = 0");
  }
  return g.__tokenUse;
}

function actorOf(user: Pick<UserRow, "id" | "email" | "role">, via: Actor["via"]): Actor {
  const role = user.role as Role;
  return { userId: user.id, name: user.email, role, scopes: role === "owner" ? scopesOf(readDb(), user.id) : [], via };
}

/**
 * The signed-in user of a request's session cookie, or null. better-auth (and the Prisma client under it) is
 * loaded on the first cookie request: a server that only serves automation with tokens never loads it.
 */
export async function sessionActor(headers: Headers): Promise<Actor | null> {
  if (!headers.get("cookie")) return null;
  const { auth } = await import("./auth");
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  return actorOf({ id: session.user.id, email: session.user.email, role: (session.user as { role?: string }).role as Role }, "session");
}

/**
 * Who is calling: `Authorization: Bearer <token>` (automation) or the session cookie (browser). A bad or
 * revoked token is 401 even when a cookie is there too: automation must learn its token no longer works.
 */
export async function authenticate(req: Request): Promise<Actor> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const m = /^Bearer +([A-Za-z0-9_-]{1,200})$/.exec(authorization.trim());
    if (!m) throw new ApiError(401, "the Authorization header must read `Bearer <token>`");
    let user: UserRow | null;
    try {
      user = userForToken(tokenUseDb(), m[1]!);
    } catch (e) {
      if ((e as { code?: string }).code !== "SQLITE_BUSY") throw e;
      user = userForToken(readDb(), m[1]!, { markUsed: false });
    }
    if (!user) throw new ApiError(401, "this token is not valid (unknown or revoked)");
    return actorOf(user, "token");
  }
  const actor = await sessionActor(req.headers);
  if (!actor) throw new ApiError(401, "sign in first, or send `Authorization: Bearer <token>`");
  return actor;
}
