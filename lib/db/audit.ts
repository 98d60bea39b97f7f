import { sqliteDate, type Sqlite } from "./sqlite";

/** Who did what outside the app workflow (product.md; the AuditEvent table). Never carries input bytes. */
export interface AuditEntry {
  actor: string;
  action: string;
  foundation?: string | null;
  /** what was acted on, e.g. "snapshot 42", "user ana@example.com" */
  target?: string | null;
  /** the client address, when known */
  address?: string | null;
  details?: object;
}

/** Writes one audit event on the caller's connection, so it commits (or not) with the change it records. */
export function audit(db: Sqlite, e: AuditEntry): void {
  db.prepare(`INSERT INTO AuditEvent (at, actor, action, foundation, target, address, details) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
    sqliteDate(new Date()),
    e.actor,
    e.action,
    e.foundation ?? null,
    e.target ?? null,
    e.address ?? null,
    JSON.stringify(e.details ?? {}),
  );
}
