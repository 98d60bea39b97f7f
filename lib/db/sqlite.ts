import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { databasePath } from "./url";

export type Sqlite = Database.Database;

/**
 * A raw better-sqlite3 connection to the app database, for bulk ingest and the heavy list queries
 * (prepared statements measured at ~40× Prisma createMany on this machine, stack.md §6).
 * WAL lets readers go on while an ingest publishes; busy_timeout makes the two writers queue.
 */
export function openSqlite(file = databasePath()): Sqlite {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { timeout: 15_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("temp_store = FILE");
  return db;
}

const g = globalThis as unknown as { __sqliteReader?: Sqlite };

/** One shared connection for reads in the server process. */
export function readDb(): Sqlite {
  return (g.__sqliteReader ??= openSqlite());
}

/** Prisma's adapter stores DateTime as ISO-8601 with an explicit offset; raw writes use the same form. */
export function sqliteDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
