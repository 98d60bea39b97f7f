import { randomUUID } from "node:crypto";
import { createToken, createUser } from "@/lib/auth/accounts";
import type { Role } from "@/lib/auth/permissions";
import { databasePath } from "@/lib/db/url";
import { openSqlite } from "@/lib/db/sqlite";

/**
 * A real user with a real API token on a migrated database (default: the one in DATABASE_URL; a running
 * server's works too), for tests that call route handlers or a server: the headers that authenticate as them.
 */
export async function bearerFor(role: Role, dbFile = databasePath()): Promise<{ authorization: string; email: string }> {
  const db = openSqlite(dbFile);
  try {
    const email = `${role}-${randomUUID().slice(0, 8)}@test.invalid`;
    await createUser(db, { email, role, password: null }, { actor: "test" });
    return { authorization: `Bearer ${createToken(db, email, "test", { actor: "test" }).token}`, email };
  } finally {
    db.close();
  }
}
