/** The SQLite file both connections open: `DATABASE_URL` (`file:./data/app.db` by default). */
export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? "file:./data/app.db";
}

export function databasePath(url = databaseUrl()): string {
  return url.replace(/^file:/, "");
}
