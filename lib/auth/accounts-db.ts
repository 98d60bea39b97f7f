import "server-only";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";

const g = globalThis as unknown as { __accountsDb?: Sqlite };

/**
 * The connection account changes and their audit events are written on (lib/auth/accounts.ts). Such writes
 * are rare and short; one waits at most for a publish in progress to commit (under a second at 50k LRPs).
 */
export function accountsDb(): Sqlite {
  if (!g.__accountsDb) {
    g.__accountsDb = openSqlite();
    g.__accountsDb.pragma("busy_timeout = 5000");
  }
  return g.__accountsDb;
}
