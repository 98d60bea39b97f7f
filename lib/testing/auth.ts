import { randomUUID } from "node:crypto";
import { createToken, createUser } from "@/lib/auth/accounts";
import type { Role } from "@/lib/auth/permissions";
import { openSqlite } from "@/lib/db/sqlite";

/**
 * A real user with a real API token on the database in DATABASE_URL (migrated), for tests that call route
 * handlers: the headers that authenticate as them.
 */
export async function bearerFor(role: Role): Promise<{ authorization: string; email: string }> {
  const db = openSqlite();
  try {
    const email = `${role}-${randomUUID().slice(0, 8)}@test.invalid`;
    await createUser(db, { email, role, password: null }, { actor: "test" });
    return { authorization: `Bearer ${createToken(db, email, "test", { actor: "test" }).token}`, email };
  } finally {
    db.close();
  }
}
